package nl.kvksync.benchmarks.matcher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

import nl.kvksync.matcher.register.RegisterIndex;

/**
 * The dry run of {@link DryRunBenchmark} (same index, same profiles, same 100,000 followed keys) timed call by call,
 * wall clock and the calling thread's CPU time side by side. On a shared 2-core machine the wall clock of a
 * single-threaded scan mostly measures how long other processes kept it off the CPU; the CPU time is what the scan
 * itself costs, and the distribution (median, p90, max) shows how reliable the wall clock is.
 * {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar nl.kvksync.benchmarks.matcher.DryRunTimes [6000000] [40]}
 */
public final class DryRunTimes {

    private DryRunTimes() {
    }

    public static void main(String[] args) {
        int registrations = args.length > 0 ? Integer.parseInt(args[0]) : 6_000_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String profile : new String[] {"typical", "broad"}) {
            DryRunBenchmark b = new DryRunBenchmark();
            b.registrations = registrations;
            b.profile = profile;
            b.setUp();
            for (int i = 0; i < calls / 2; i++) { // warm-up
                b.preview();
            }
            double[] wall = new double[calls];
            double[] cpu = new double[calls];
            long selected = 0;
            for (int i = 0; i < calls; i++) {
                long w = System.nanoTime();
                long c = threads.getCurrentThreadCpuTime();
                RegisterIndex.Selection s = b.preview();
                cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
                wall[i] = (System.nanoTime() - w) / 1e6;
                selected = s.selected();
            }
            System.out.printf("%-8s %,d registrations, %,d selected: wall %s | cpu %s%n", profile, registrations,
                    selected, stats(wall), stats(cpu));
        }
    }

    static String stats(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format("median %.1f ms, p90 %.1f ms, max %.1f ms", s[s.length / 2], s[(int) (s.length * 0.9)],
                s[s.length - 1]);
    }
}
