package io.attnrec.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

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
 * filled in when absent. {@code OMP_WAIT_POLICY=PASSIVE} must be in the environment before the
 * JVM starts (busy-waiting OpenMP threads make step times on small machines swing threefold);
 * it cannot be set from here, so it is only reported.
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
                setIfAbsent("ai.djl.offline", "true");
                setIfAbsent("OPT_OUT_TRACKING", "true");
                setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
                setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
                setIfAbsent(
                        "ai.djl.pytorch.num_threads",
                        Integer.toString(Runtime.getRuntime().availableProcessors()));
                engine = Engine.getInstance();
            }
            return engine;
        }
    }

    /** The device DJL considers default: the GPU when the CUDA build and a GPU are present. */
    public static Device device() {
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

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
