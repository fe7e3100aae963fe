package nl.kvksync.ingestor.register;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.ingestor.platform.Problems;
import nl.kvksync.ingestor.replica.RegistrationStore;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The register search over the replica (read-only; RocksDB reads run on the bounded-elastic scheduler).
 * {@code GET /registrations} pages the matches; {@code GET /registrations/{registrationKey}} answers one
 * {@code Registration} with its Avro field names. Needs kvk-admin, kvk-viewer or crm-user; not tenant-scoped.
 * Bad parameters answer 400 problem+json naming the parameter.
 */
@RestController
@RequestMapping("/registrations")
@Tag(name = "registrations", description = "search the KvK register replica")
class RegistrationController {

    /** One page of search results. */
    record PageView(List<Map<String, Object>> items, int page, int size, long total, boolean totalIsLowerBound) {
    }

    private final RegistrationStore store;
    private final RegisterSearch search;

    RegistrationController(RegistrationStore store) {
        this.store = store;
        this.search = new RegisterSearch(store);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('kvk-admin', 'kvk-viewer', 'crm-user')")
    @Operation(summary = "Search registrations", description = "All given criteria must match. naam: words matched "
            + "as prefixes of trade-name and statutory-name words; postcode: 1234AB or a prefix such as 1234.")
    Mono<PageView> search(
            @Parameter(description = "8 digits") @RequestParam(required = false) String kvkNummer,
            @Parameter(description = "12 digits") @RequestParam(required = false) String vestigingsnummer,
            @Parameter(description = "name words, at least 2 characters") @RequestParam(required = false) String naam,
            @Parameter(description = "postcode or its prefix") @RequestParam(required = false) String postcode,
            @RequestParam(defaultValue = "0") String page, @RequestParam(defaultValue = "20") String size) {
        int p = integer("page", page, 0, 10_000);
        int s = integer("size", size, 1, 100);
        RegisterSearch.Query q = new RegisterSearch.Query(digits("kvkNummer", kvkNummer, 8),
                digits("vestigingsnummer", vestigingsnummer, 12), words(naam), postcode(postcode));
        return Mono.fromCallable(() -> {
            RegisterSearch.Page result = search.search(q, p, s);
            return new PageView(result.items().stream().map(AvroJson::toMap).toList(), result.page(),
                    result.size(), result.total(), result.totalIsLowerBound());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{registrationKey}")
    @PreAuthorize("hasAnyRole('kvk-admin', 'kvk-viewer', 'crm-user')")
    @Operation(summary = "One registration", description = "registrationKey: the vestigingsnummer, or kvk:<kvkNummer> "
            + "for a registration without establishment. The Registration snapshot with Avro field names.")
    Mono<Map<String, Object>> get(@PathVariable String registrationKey) {
        if (!registrationKey.matches("\\d{12}|kvk:\\d{8}")) {
            return Mono.error(Problems.invalid("invalid-registration-key", "a registration key is a vestigingsnummer "
                    + "(12 digits) or kvk:<kvkNummer> (8 digits)", "registrationKey", "found " + registrationKey));
        }
        return Mono.fromCallable(() -> {
            Registration r = store.get(registrationKey);
            if (r == null) {
                throw Problems.problem(HttpStatus.NOT_FOUND, "registration-not-found", "Registration not found",
                        "the register has no registration " + registrationKey);
            }
            return AvroJson.toMap(r);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problems.invalid("invalid-parameter", name + " must be a whole number from " + min + " to " + max,
                name, "found " + value);
    }

    private static String digits(String name, String value, int length) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (!v.matches("\\d{" + length + "}")) {
            throw Problems.invalid("invalid-parameter", name + " must be " + length + " digits", name,
                    "found " + value);
        }
        return v;
    }

    private static List<String> words(String naam) {
        if (naam == null || naam.isBlank()) {
            return List.of();
        }
        List<String> w = RegisterSearch.words(naam);
        if (w.stream().mapToInt(String::length).sum() < 2) {
            throw Problems.invalid("invalid-parameter", "naam needs at least 2 letters or digits", "naam",
                    "found " + naam);
        }
        return w;
    }

    private static String postcode(String postcode) {
        if (postcode == null || postcode.isBlank()) {
            return null;
        }
        String p = postcode.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        if (!p.matches("[1-9][0-9]{0,3}|[1-9][0-9]{3}[A-Z]{1,2}")) {
            throw Problems.invalid("invalid-parameter", "postcode must be a Dutch postcode (1234AB) or its start "
                    + "(1234)", "postcode", "found " + postcode);
        }
        return p;
    }
}
