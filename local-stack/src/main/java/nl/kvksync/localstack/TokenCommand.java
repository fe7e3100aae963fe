package nl.kvksync.localstack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import nl.kvksync.contracts.AccessClaims;
import nl.kvksync.testsupport.security.JwtIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints a JWT signed with the local stack's key, for curl and the web UI. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Prints a bearer token signed with the local stack's key (.kvk/jwt/).",
                "Example: curl -H \"Authorization: Bearer $(./kvk token --env demo --role kvk-admin)\" "
                        + "http://127.0.0.1:8080/environments/demo/proposals"})
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, split = ",", paramLabel = "ENV",
            description = "Environment(s) the token may touch; * for all.")
    List<String> environments;

    @Option(names = "--role", split = ",", paramLabel = "ROLE", defaultValue = AccessClaims.KVK_ADMIN,
            description = "Role(s): kvk-admin, kvk-viewer, crm-user (default: ${DEFAULT-VALUE}).")
    List<String> roles;

    @Option(names = "--subject", defaultValue = "developer", description = "The user the token names (default: ${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--ttl", defaultValue = "PT8H", description = "How long it is valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() {
        for (String role : roles) {
            if (!List.of(AccessClaims.KVK_ADMIN, AccessClaims.KVK_VIEWER, AccessClaims.CRM_USER).contains(role)) {
                System.err.println("unknown role '" + role + "': use kvk-admin, kvk-viewer or crm-user");
                return 2;
            }
        }
        JwtIssuer issuer = JwtIssuer.loadOrCreate(KvkHome.jwtDir());
        System.out.println(issuer.token(subject, roles, environments, ttl));
        return 0;
    }
}
