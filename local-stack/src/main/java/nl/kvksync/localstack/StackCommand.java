package nl.kvksync.localstack;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code ./kvk up} and {@code ./kvk demo}: the whole platform on this machine until Ctrl-C. */
final class StackCommand {

    private StackCommand() {
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Runs the whole platform on this machine, without demo data.",
                    "Starts Kafka (9092), the schema registry (8085), the MongoDB stand-in (27017) and the four "
                            + "services (review-api 8080, ingestor 8081, matcher 8082, crm-sync 8083) as separate "
                            + "processes on 127.0.0.1, with state and logs under .kvk/. Ctrl-C stops all of them."})
    static final class Up implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(false);
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"Runs the whole platform on this machine and seeds a demo.",
                    "Everything 'up' does, then seeds a demo environment (modules on, two import profiles, a small "
                            + "register, 14 organisations created from KvK) and ingests the week's feed, whose "
                            + "changes become proposals on the KvK page. Ctrl-C stops all it started."})
    static final class Demo implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(true);
        }
    }

    static int run(boolean seed) {
        LocalStack.Layout layout = LocalStack.Layout.fixed(KvkHome.root(), KvkHome.state());
        LocalStack stack = new LocalStack(layout, StackCommand::say);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping ...");
            stack.close();
            say("stopped");
            stopped.countDown();
        }, "kvk-shutdown"));
        try {
            stack.start();
            String env = "demo";
            if (seed) {
                DemoSeeder seeder = new DemoSeeder(stack, StackCommand::say);
                env = seeder.environmentId();
                seeder.seedBaseline();
                seeder.ingestWeek();
                JsonNode counts = seeder.awaitProposals(Duration.ofSeconds(60));
                say("proposals waiting in review-api: " + counts);
            }
            printWelcome(layout, env, seed);
        } catch (RuntimeException e) {
            System.err.println("kvk: " + e.getMessage());
            System.err.println("kvk: logs are in " + layout.stateDir().resolve("logs"));
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void printWelcome(LocalStack.Layout layout, String env, boolean seeded) {
        String review = layout.service(ServiceSpec.REVIEW).url();
        System.out.println();
        System.out.println("KvK Sync is running. Ctrl-C stops it.");
        System.out.println();
        System.out.println("  web UI (KvK page)   " + review + "/   (sign in with a token, below)");
        for (ServiceSpec s : layout.services()) {
            System.out.printf("  %-19s %s   health %s/actuator/health   API docs %s/swagger-ui.html%n", s.module(), s.url(),
                    s.url(), s.url());
        }
        System.out.println("  Kafka               127.0.0.1:" + layout.kafkaPort());
        System.out.println("  schema registry     http://127.0.0.1:" + layout.registryPort() + "/apis/ccompat/v7/subjects");
        System.out.println("  MongoDB stand-in    mongodb://127.0.0.1:" + layout.mongoPort());
        System.out.println("  logs                " + layout.stateDir().resolve("logs"));
        System.out.println();
        System.out.println("  a token:            ./kvk token --env " + env + " --role kvk-admin");
        System.out.println("  the proposals:      curl -s -H \"Authorization: Bearer $(./kvk token --env " + env
                + " --role kvk-viewer)\" " + review + "/environments/" + env + "/proposals");
        if (!seeded) {
            System.out.println("  seed a demo:        stop this and run ./kvk demo");
        }
        System.out.println();
    }

    static void say(String message) {
        System.out.println("[" + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + message);
    }
}
