package nl.kvksync.benchmarks.matcher;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import nl.kvksync.matcher.profile.RegistrationFacts;
import nl.kvksync.matcher.profile.RoutingMatcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matching core: one operation checks one registration against every profile (the bitset
 * {@link RoutingMatcher} the routing uses for new registrations). Score = registration-against-all-profiles
 * checks per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class MatchingBenchmark {

    @Param({"1000"})
    int profiles;

    RoutingMatcher matcher;
    RegistrationFacts[] registrations;
    int next;

    @Setup
    public void setUp() {
        matcher = new RoutingMatcher(Synthetic.profiles(profiles, 100, 11));
        SplittableRandom random = new SplittableRandom(5);
        registrations = new RegistrationFacts[1 << 16];
        for (int i = 0; i < registrations.length; i++) {
            registrations[i] = Synthetic.facts(random);
        }
    }

    @Benchmark
    public int checkAgainstAllProfiles() {
        RegistrationFacts f = registrations[next++ & (registrations.length - 1)];
        return matcher.count(f);
    }

    @Benchmark
    public int matchAndListProfiles() {
        RegistrationFacts f = registrations[next++ & (registrations.length - 1)];
        return matcher.match(f).size();
    }
}
