package nl.kvksync.localstack.generate;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kvk generate register|week}: deterministic feed files for demos, tests and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes realistic, deterministic feed files (JSON Lines; gzipped when FILE ends in .gz).",
        subcommands = {GenerateCommand.Register.class, GenerateCommand.Week.class})
public final class GenerateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"A register of N registrations as NIEUW records.",
                    "Example: ./kvk generate register --count 1000000 --seed 1 --out .kvk/register-1m.jsonl"})
    static final class Register implements Callable<Integer> {

        @Option(names = "--count", defaultValue = "1000000", description = "Registrations (default: ${DEFAULT-VALUE}).")
        long count;

        @Option(names = "--seed", defaultValue = "1", description = "Same seed, same file (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--date", defaultValue = "20261120", description = "datumIngang, YYYYMMDD (default: ${DEFAULT-VALUE}).")
        String date;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write.")
        Path out;

        @Override
        public Integer call() {
            if (count < 0 || count > RegisterGenerator.NEW_INDEX_BASE) {
                System.err.println("--count must be between 0 and " + RegisterGenerator.NEW_INDEX_BASE);
                return 2;
            }
            if (!date.matches("\\d{8}")) {
                System.err.println("--date must be YYYYMMDD, e.g. 20261120");
                return 2;
            }
            long start = System.nanoTime();
            long bytes = new RegisterGenerator(seed, date).write(out, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("wrote %,d registrations (%,d bytes) to %s in %.1f s (%,.0f records/s)%n", count, bytes,
                    out, seconds, count / Math.max(seconds, 1e-9));
            return 0;
        }
    }

    @Command(name = "week", mixinStandardHelpOptions = true,
            description = {"A week of changes (new, changed, ended) against a register file.",
                    "Example: ./kvk generate week --register .kvk/register-1m.jsonl --changes 25000 --seed 7 "
                            + "--out .kvk/week.jsonl"})
    static final class Week implements Callable<Integer> {

        @Option(names = "--register", required = true, paramLabel = "FILE", description = "The register it changes.")
        Path register;

        @Option(names = "--changes", defaultValue = "25000", description = "Records in the week (default: ${DEFAULT-VALUE}).")
        int changes;

        @Option(names = "--invalid", defaultValue = "0",
                description = "Extra records the ingestor must reject, of every kind (default: ${DEFAULT-VALUE}).")
        int invalid;

        @Option(names = "--seed", defaultValue = "1", description = "Same seed, same file (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--date", defaultValue = "20261127", description = "datumIngang, YYYYMMDD (default: ${DEFAULT-VALUE}).")
        String date;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write.")
        Path out;

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isReadable(register)) {
                System.err.println("cannot read the register " + register
                        + "; write one first: ./kvk generate register --count 1000000 --out " + register);
                return 2;
            }
            if (changes < 0 || invalid < 0 || !date.matches("\\d{8}")) {
                System.err.println("--changes and --invalid must be >= 0 and --date YYYYMMDD");
                return 2;
            }
            long start = System.nanoTime();
            WeekGenerator.Summary s;
            try {
                s = new WeekGenerator(seed, date).write(register, changes, invalid, out);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            System.out.printf("wrote a week of %,d new, %,d changed, %,d ended and %,d invalid records (%,d bytes) "
                    + "against %,d registrations to %s in %.1f s%n", s.created(), s.changed(), s.ended(), s.invalid(),
                    s.bytes(), s.registerLines(), out, (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }
}
