package org.tapweight.bench.diag;

import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tapweight.nn.Broadcast;

/**
 * Reproduces the ND4J 1.0.0-M2.1 crash that {@link Broadcast} avoids: threads add a bias (a view of
 * a parameter vector) to a product over and over, with a small heap so that the collector runs all
 * the time. With ND4J's {@code addiRowVector} the JVM dies with SIGSEGV in libnd4jcpu within seconds
 * to a minute here; with {@link Broadcast#addiRowVector} it runs to the end.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -Xmx48m -cp tapweight-bench/target/tapweight-bench.jar \
 *     org.tapweight.bench.diag.BroadcastStress nd4j|tapweight [seconds=60] [threads=2]
 * </pre>
 */
public final class BroadcastStress {

    private BroadcastStress() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || !(args[0].equals("nd4j") || args[0].equals("tapweight"))) {
            System.err.println("usage: BroadcastStress nd4j|tapweight [seconds] [threads]");
            System.exit(2);
        }
        boolean ours = args[0].equals("tapweight");
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong total = new AtomicLong();
        Runnable work = () -> {
            INDArray params = Nd4j.rand(DataType.FLOAT, 1, 20_000);
            INDArray x = Nd4j.rand(DataType.FLOAT, 8, 64);
            while (System.nanoTime() < end) {
                INDArray w = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 64 * 32)).reshape(64, 32);
                INDArray b = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(4096, 4096 + 32)).reshape(1, 32);
                INDArray product = x.mmul(w);
                if (ours) {
                    Broadcast.addiRowVector(product, b);
                } else {
                    product.addiRowVector(b);
                }
                total.incrementAndGet();
            }
        };
        Thread[] pool = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            pool[i] = new Thread(work, "stress-" + i);
            pool[i].start();
        }
        for (Thread t : pool) {
            t.join();
        }
        System.out.printf("%s: %d broadcasts in %d s on %d threads, no crash%n", args[0], total.get(), seconds, threads);
    }
}
