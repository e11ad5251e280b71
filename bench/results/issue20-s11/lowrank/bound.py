import numpy as np, struct, sys
base=sys.argv[1]
raw=open(base+'.items','rb').read()
n,d=struct.unpack('>ii',raw[:8]); Q=np.frombuffer(raw[8:],dtype='>f4').reshape(n,d).astype(np.float64)
buf=open(base+'.users','rb').read(); off=0
def ri():
    global off; v=struct.unpack('>i',buf[off:off+4])[0]; off+=4; return v
m=ri(); users=[]
for _ in range(m):
    t=ri(); k=ri(); U=np.frombuffer(buf[off:off+4*k*d],dtype='>f4').reshape(k,d).astype(np.float64); off+=4*k*d
    e=ri(); ex=np.frombuffer(buf[off:off+4*e],dtype='>i4').astype(int); off+=4*e
    users.append((t,U,ex))
C=Q[1:].T@Q[1:]
w,V=np.linalg.eigh(C); V=V[:,::-1]; w=w[::-1]
print('energy captured by top r dims:', {r: round(w[:r].sum()/w.sum(),3) for r in (8,16,24,32)})
Qr=Q@V
for r in (16,24,32):
    und=[];top=[]
    qres=np.linalg.norm(Qr[:,r:],axis=1)
    for t,U,ex in users[:500]:
        Ur=U@V
        s=(U@Q.T).max(0)
        mask=np.ones(n,bool); mask[0]=False; mask[ex]=False
        ts=s[t]
        P=Ur[:,:r]@Qr[:,:r].T
        R=np.linalg.norm(Ur[:,r:],axis=1)[:,None]*qres[None,:]
        hi=(P+R).max(0); lo=(P-R).max(0)
        und.append(((hi>=ts)&(lo<=ts)&mask).sum()/mask.sum())
        tau=np.sort(lo[mask])[-20]
        top.append(((hi>=tau)&mask).sum())
    print(f'r={r}: undecided vs target mean {np.mean(und):.3f} median {np.median(und):.3f}; top-20 candidates mean {np.mean(top):.0f}')
