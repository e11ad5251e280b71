import io.attnrec.core.experiment.*;
import io.attnrec.core.prep.Dataset;

import io.attnrec.core.model.*;
import java.io.*;
import java.nio.file.*;
import java.util.*;

public class Dump {
    public static void main(String[] a) throws Exception {
        Dataset d = Experiments.load(DataSpec.of(Path.of(a[0])), System.err::println);
        var split = Experiments.split(d, "loo", 42L);
        var trained = Experiments.train(split, ModelSpec.parseList(a[1]).get(0), 42L);
        FactorScorer fs = (FactorScorer) trained.model();
        FactorTable t = fs.factorTable();
        try (var out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(a[2] + ".items")))) {
            out.writeInt(t.items().length); out.writeInt(t.dim());
            for (float[] r : t.items()) for (float v : r) out.writeFloat(v);
        }
        List<EvalCase> cases = split.test();
        int n = Math.min(Integer.parseInt(a[3]), cases.size());
        try (var out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(a[2] + ".users")))) {
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                EvalCase c = cases.get(i * (cases.size() / n));
                float[][] rows = fs.userFactors(new int[] {c.user()}, new int[][] {c.history()})[0];
                out.writeInt(c.targets()[0]); out.writeInt(rows.length);
                for (float[] r : rows) for (float v : r) out.writeFloat(v);
                out.writeInt(c.excluded() == null ? 0 : c.excluded().length);
                if (c.excluded() != null) for (int x : c.excluded()) out.writeInt(x);
            }
        }
        System.out.println("bias " + (t.bias() != null) + " fused " + t.fused());
    }
}
