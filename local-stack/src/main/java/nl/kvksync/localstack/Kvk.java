package nl.kvksync.localstack;

import nl.kvksync.contracts.AvroWire;
import nl.kvksync.localstack.bench.BenchCommand;
import nl.kvksync.localstack.generate.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./kvk} command line: one entry point for the local platform. */
@Command(name = "kvk", mixinStandardHelpOptions = true, version = "KvK Sync 0.1.0",
        description = "Runs and drives KvK Sync on this machine.",
        subcommands = {StackCommand.Demo.class, StackCommand.Up.class, TokenCommand.class, IngestCommand.class,
                GenerateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Kvk implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        AvroWire.trustGeneratedPackages();
        System.exit(new CommandLine(new Kvk()).setCaseInsensitiveEnumValuesAllowed(true).setUsageHelpWidth(110)
                .execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
