package nl.kvksync.benchmarks.matcher;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import nl.kvksync.matcher.profile.CompiledProfile;
import nl.kvksync.matcher.profile.ProfileSpec;
import nl.kvksync.matcher.register.RegisterIndex;
import nl.kvksync.matcher.register.RegistrationKeys;
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
 * The dry run over the whole register: {@link RegisterIndex#preview} of one profile over 6,000,000 active
 * registrations with 100,000 subscriptions in the environment (counts, sample of 20, sections, regions).
 * {@code typical}: two postcode ranges, SBI 93 without 9312; {@code broad}: the whole country, SBI 47 and 56, ANY.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DryRunBenchmark {

    @Param({"6000000"})
    int registrations;

    @Param({"typical", "broad"})
    String profile;

    RegisterIndex index;
    CompiledProfile compiled;
    long[] subscribed;

    @Setup
    public void setUp() {
        index = Synthetic.index(registrations, 1);
        compiled = CompiledProfile.compile("env", "p", profile.equals("typical")
                ? new ProfileSpec("typical", "prospect", true, List.of(new ProfileSpec.Range(5200, 5500),
                        new ProfileSpec.Range(5600, 5699)), List.of("93"), List.of("9312"), "PRIMARY", List.of(), null)
                : new ProfileSpec("broad", "prospect", true, List.of(), List.of("47", "56"), List.of(), "ANY",
                        List.of(), null));
        SplittableRandom random = new SplittableRandom(2);
        subscribed = new long[100_000];
        for (int i = 0; i < subscribed.length; i++) {
            subscribed[i] = RegistrationKeys.encode(String.format("%012d", 100_000_000_000L
                    + random.nextInt(registrations)));
        }
    }

    @Benchmark
    public RegisterIndex.Selection preview() {
        return index.preview(compiled, subscribed, 20);
    }
}
