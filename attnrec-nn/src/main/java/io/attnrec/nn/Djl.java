package io.attnrec.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The one place that starts DJL's engine. Every model calls {@link #engine()} (or a method here
 * that uses it) before it touches an {@code NDArray}, so the settings below are in place before
 * the native library loads:
 *
 * <ul>
 *   <li>offline mode ({@code ai.djl.offline=true}): without it the engine start-up may try the
 *       network (SPEC section 5: no download the user did not ask for);
 *   <li>{@code OPT_OUT_TRACKING=true}: no usage telemetry;
 *   <li>one inter-op thread and, unless set, one intra-op thread per core: the models run one
 *       batch at a time, so parallelism comes from the matrix products.
 * </ul>
 *
 * <p>A user or a launcher may set any of these system properties beforehand; they are only
 * filled in when absent.
 *
 * <p>Two settings are environment variables read by the native libraries, so they are put into
 * the process environment (with the C library's {@code setenv}, through JNA) before PyTorch and
 * its OpenMP runtime load, unless the user set them:
 *
 * <ul>
 *   <li>{@code OMP_WAIT_POLICY=PASSIVE}: busy-waiting OpenMP threads make step times on small,
 *       shared machines swing threefold;
 *   <li>{@code THP_MEM_ALLOC_ENABLE=1}: PyTorch then backs tensors of 2 MB and more with
 *       transparent huge pages. A full-softmax step over a 50k-item catalogue allocates several
 *       hundred MB of fresh logits each time; with 4 KB pages the kernel spends about as long
 *       faulting them in as the CPU spends on the arithmetic (measured: 806 million minor page
 *       faults in one SASRec training run on Amazon Beauty).
 * </ul>
 */
public final class Djl {

    private static final Object LOCK = new Object();
    private static volatile Engine engine;

    private Djl() {}

    /** Applies the offline and thread settings (once) and returns the started engine. */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (LOCK) {
            if (engine == null) {
                setNativeEnvIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
                setNativeEnvIfAbsent("THP_MEM_ALLOC_ENABLE", "1");
                setIfAbsent("ai.djl.offline", "true");
                setIfAbsent("OPT_OUT_TRACKING", "true");
                setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
                setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
                if (cpuOnlyBuild()) {
                    quietGpuProbe();
                }
                setIfAbsent(
                        "ai.djl.pytorch.num_threads",
                        Integer.toString(Runtime.getRuntime().availableProcessors()));
                engine = Engine.getInstance();
            }
            return engine;
        }
    }

    /** The device DJL considers default: the GPU when the CUDA build and a GPU are present. */
    static Device device() {
        return engine().defaultDevice();
    }

    /** A new root manager on {@link #device()}; the caller closes it. */
    public static NDManager newManager() {
        return engine().newBaseManager(device());
    }

    /**
     * Seeds the engine's global generator (parameter initialisation, dropout). Training code calls
     * this once before building a model; every other random choice uses a generator passed in.
     */
    public static void seed(long seed) {
        engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    /**
     * Turns off gradient recording for the calling thread. PyTorch's grad mode is thread-local and
     * on by default in new threads, so scoring threads (evaluator, server) call this before running
     * a forward pass; otherwise every scoring call would build an autograd graph it never uses.
     */
    public static void noGrad() {
        if ("PyTorch".equals(engine().getEngineName()) && JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
        }
    }

    /** Sets the gradient of {@code weight} to zero in place (also when it holds NaN). */
    public static void zeroGradient(NDArray weight) {
        JniUtils.zeroGrad((PtNDArray) weight);
    }

    /** The C library's {@code setenv}. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Sets a variable in the native environment of this process (not in {@link System#getenv},
     * which is a copy taken at start-up) unless it is already set. Best effort: where the C
     * library cannot be reached (Windows, no JNA) nothing happens and the defaults apply.
     */
    private static void setNativeEnvIfAbsent(String key, String value) {
        if (System.getenv(key) != null || System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try {
            Native.load("c", CLibrary.class).setenv(key, value, 0);
        } catch (LinkageError | RuntimeException e) {
            // keep going without the tuning; correctness does not depend on it
        }
    }

    /**
     * True when every PyTorch native library on the class path is the CPU flavour (the default
     * build; {@code mvn -Pgpu} puts the CUDA one there instead).
     */
    static boolean cpuOnlyBuild() {
        try {
            java.util.Enumeration<java.net.URL> found =
                    Djl.class.getClassLoader().getResources("native/lib/pytorch.properties");
            boolean any = false;
            while (found.hasMoreElements()) {
                java.util.Properties p = new java.util.Properties();
                try (java.io.InputStream in = found.nextElement().openStream()) {
                    p.load(in);
                }
                if (!"cpu".equals(p.getProperty("flavor"))) {
                    return false;
                }
                any = true;
            }
            return any;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * With the CPU build, asks DJL not to probe for a GPU it could never use. DJL's platform
     * detection ({@code Platform.fromSystem}, and PyTorch's flavour choice) asks the CUDA runtime
     * for the GPU count whatever build is used; on a machine with a CUDA runtime but no usable
     * driver each ask logs "Failed to detect GPU count: CUDA driver version is insufficient"
     * (twice per run). The flavour is given ({@code PYTORCH_FLAVOR=cpu}: no second probe), and
     * the one probe DJL cannot skip logs below warning level (slf4j-simple reads a logger's level
     * from this system property when the logger is made, which is after this point). With the
     * CUDA build nothing changes: there the warning matters.
     */
    private static void quietGpuProbe() {
        if (System.getenv("PYTORCH_FLAVOR") == null) {
            setIfAbsent("PYTORCH_FLAVOR", "cpu");
        }
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
