package io.attnrec.core.rating;

/**
 * The parameters and the arithmetic of {@link AttnRating}: one forward pass for a (user, target
 * item, rated history) triple and its gradient, written out by hand.
 *
 * <pre>
 * s_j  = z_i . k_j / sqrt(a)                         attention logits, j over the history (a = attn_dim)
 * w_j  = softmax_j(s_j)                              weights depend on the target item i
 * c_j  = r_uj - (mu + bhat_u + bhat_j)               centred history rating (fixed baseline)
 * v_j  = y_j + c_j e_j                               value: what item j says, shifted by how u rated it
 * m    = S sum_j w_j v_j                             (d); S = sqrt(|history|), or 1
 *
 * x    = p_u + m                                     (d)
 * r_ui = mu + b_u + b_i + q_i . x
 * </pre>
 *
 * Gradients of {@code r_ui} (the caller multiplies by the error): {@code d/dq_i = x}, {@code
 * d/dp_u = q_i}, {@code d/dy_j = w_j q_i}, {@code d/de_j = w_j c_j q_i}; with {@code delta_j = q_i
 * . v_j} and {@code dbar = sum_j w_j delta_j}, {@code d/ds_j = w_j (delta_j - dbar)}, {@code d/dz_i
 * = sum_j d/ds_j k_j / sqrt(a)} and {@code d/dk_j = d/ds_j z_i / sqrt(a)}. All per-history
 * gradients are rank one, so {@link Work} keeps only the scalars {@code w_j}, {@code d/ds_j}.
 *
 * <p>Rows are flat: item {@code i}'s {@code q} row starts at {@code i * dim}. Instances used by a
 * trained model are never written; the learner writes its own.
 */
final class AttnNet {

    final int numUsers;
    final int numItems;
    final int dim;
    final int attnDim;
    final float mu;
    final float[] bu;
    final float[] bi;
    final float[] p;
    final float[] q;
    final float[] y;
    final float[] e;
    final float[] z;
    final float[] k;
    /** The fixed baseline that centres history ratings. */
    final Baseline base;

    final double invSqrtA;

    AttnNet(
            int numUsers,
            int numItems,
            int dim,
            int attnDim,
            float mu,
            float[] bu,
            float[] bi,
            float[] p,
            float[] q,
            float[] y,
            float[] e,
            float[] z,
            float[] k,
            Baseline base) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.dim = dim;
        this.attnDim = attnDim;
        this.mu = mu;
        this.bu = bu;
        this.bi = bi;
        this.p = p;
        this.q = q;
        this.y = y;
        this.e = e;
        this.z = z;
        this.k = k;
        this.base = base;
        this.invSqrtA = 1 / Math.sqrt(attnDim);
    }

    AttnNet copy() {
        return new AttnNet(
                numUsers,
                numItems,
                dim,
                attnDim,
                mu,
                bu.clone(),
                bi.clone(),
                p.clone(),
                q.clone(),
                y.clone(),
                e.clone(),
                z.clone(),
                k.clone(),
                base);
    }

    float[][] tables() {
        return new float[][] {bu, bi, p, q, y, e, z, k};
    }

    boolean knownItem(int item) {
        return item >= 1 && item <= numItems;
    }

    boolean knownUser(int user) {
        return user >= 0 && user < numUsers;
    }

    /** Scratch space for one forward/backward pass; one per thread. */
    static final class Work {
        double[] w;
        double[] ds;
        final double[] x;
        final double[] gz;
        final float[] qOld;
        final float[] zOld;
        int length;
        double poolScale;
        double pred;

        Work(int dim, int attnDim, int capacity) {
            this.w = new double[Math.max(1, capacity)];
            this.ds = new double[w.length];
            this.x = new double[dim];
            this.gz = new double[attnDim];
            this.qOld = new float[dim];
            this.zOld = new float[attnDim];
        }

        void ensure(int n) {
            if (w.length < n) {
                int c = Math.max(n, 2 * w.length);
                w = new double[c];
                ds = new double[c];
            }
        }
    }

    /**
     * Forward pass. Fills {@code ws.w} (attention weights), {@code ws.x} and {@code ws.pred} (the
     * unclipped prediction).
     *
     * @param userBias {@code b_u} (learned, or estimated for an unknown user)
     * @param hist history item ids at {@code [0, len)}; every id must be a known item
     * @param centred their centred ratings {@code c_j}
     */
    double forward(
            int user, float userBias, int item, int[] hist, float[] centred, int len, double poolScale, Work ws) {
        ws.ensure(len);
        ws.length = len;
        ws.poolScale = poolScale;
        double pred = mu + userBias;
        if (!knownItem(item)) {
            ws.pred = pred;
            return pred;
        }
        pred += bi[item];
        int d = dim;
        int a = attnDim;
        int zo = item * a;
        double[] w = ws.w;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < len; t++) {
            int ko = hist[t] * a;
            double s = 0;
            for (int c = 0; c < a; c++) {
                s += z[zo + c] * k[ko + c];
            }
            s *= invSqrtA;
            w[t] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int t = 0; t < len; t++) {
            double ex = Math.exp(w[t] - max);
            w[t] = ex;
            sum += ex;
        }
        double[] x = ws.x;
        if (knownUser(user)) {
            int uo = user * d;
            for (int c = 0; c < d; c++) {
                x[c] = p[uo + c];
            }
        } else {
            java.util.Arrays.fill(x, 0);
        }
        for (int t = 0; t < len; t++) {
            w[t] /= sum;
            double wt = w[t] * poolScale;
            double wc = wt * centred[t];
            int jo = hist[t] * d;
            for (int c = 0; c < d; c++) {
                x[c] += wt * y[jo + c] + wc * e[jo + c];
            }
        }
        int qo = item * d;
        double dot = 0;
        for (int c = 0; c < d; c++) {
            dot += q[qo + c] * x[c];
        }
        pred += dot;
        ws.pred = pred;
        return pred;
    }

    /**
     * Backward pass after {@link #forward} with the same arguments: fills {@code ws.ds}
     * ({@code d pred / d s_j}), {@code ws.gz} ({@code d pred / d z_i}) and copies of {@code q_i},
     * {@code z_i}. Writes no parameter.
     */
    void backward(int item, int[] hist, float[] centred, int len, Work ws) {
        if (!knownItem(item)) {
            return;
        }
        int d = dim;
        int a = attnDim;
        int qo = item * d;
        int zo = item * a;
        System.arraycopy(q, qo, ws.qOld, 0, d);
        System.arraycopy(z, zo, ws.zOld, 0, a);
        double[] w = ws.w;
        double[] ds = ws.ds;
        double dbar = 0;
        for (int t = 0; t < len; t++) {
            int jo = hist[t] * d;
            double qy = 0;
            double qe = 0;
            for (int c = 0; c < d; c++) {
                qy += q[qo + c] * y[jo + c];
                qe += q[qo + c] * e[jo + c];
            }
            double delta = qy + centred[t] * qe;
            ds[t] = delta;
            dbar += w[t] * delta;
        }
        java.util.Arrays.fill(ws.gz, 0);
        for (int t = 0; t < len; t++) {
            ds[t] = ws.poolScale * w[t] * (ds[t] - dbar);
            double g = ds[t] * invSqrtA;
            int ko = hist[t] * a;
            for (int c = 0; c < a; c++) {
                ws.gz[c] += g * k[ko + c];
            }
        }
    }
}
