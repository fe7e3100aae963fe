package nl.kvksync.ingestor.register;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.ingestor.replica.RegistrationStore;

/**
 * Searches the replica. The most selective criterion drives an index scan (vestigingsnummer: a lookup; kvkNummer;
 * postcode prefix; the longest name word as a prefix), the others filter the snapshots found. Name words match as
 * prefixes of the words of any trade name or the statutory name, without regard to case or accents. Counting stops
 * at {@value #COUNT_CAP} matches (the answer then says the total is a lower bound).
 */
final class RegisterSearch {

    static final int COUNT_CAP = 1000;

    /** Normalised criteria; null means "any". */
    record Query(String kvkNummer, String vestigingsnummer, List<String> nameWords, String postcode) {
        boolean isEmpty() {
            return kvkNummer == null && vestigingsnummer == null && nameWords.isEmpty() && postcode == null;
        }
    }

    record Page(List<Registration> items, int page, int size, long total, boolean totalIsLowerBound) {
    }

    private final RegistrationStore store;

    RegisterSearch(RegistrationStore store) {
        this.store = store;
    }

    static List<String> words(String naam) {
        List<String> out = new ArrayList<>();
        if (naam == null) {
            return out;
        }
        for (String w : RegistrationStore.fold(naam).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    Page search(Query q, int page, int size) {
        int wanted = (page + 1) * size;
        List<Registration> matches = new ArrayList<>();
        long total;
        boolean capped = false;
        if (q.vestigingsnummer() != null) {
            Registration r = store.get(q.vestigingsnummer());
            if (r != null && matches(q, r)) {
                matches.add(r);
            }
            total = matches.size();
        } else if (q.isEmpty()) {
            List<String> keys = store.keys(null, wanted);
            for (String k : keys) {
                Registration r = store.get(k);
                if (r != null) {
                    matches.add(r);
                }
            }
            total = Math.max(store.estimatedCount(), matches.size());
            capped = true;
        } else {
            List<String> keys;
            int limit = Math.max(wanted, COUNT_CAP) + 1;
            Predicate<String> keep = key -> true;
            if (q.kvkNummer() != null) {
                keys = store.keysByKvkNummer(q.kvkNummer(), limit);
            } else if (q.postcode() != null) {
                keys = store.keysByPostcodePrefix(q.postcode(), limit, keep);
            } else {
                String longest = q.nameWords().stream().max((a, b) -> Integer.compare(a.length(), b.length()))
                        .orElseThrow();
                keys = store.keysByNameWordPrefix(longest, Integer.MAX_VALUE, new Predicate<>() {
                    int found;

                    @Override
                    public boolean test(String key) {
                        if (found >= limit) {
                            return false;
                        }
                        Registration r = store.get(key);
                        boolean ok = r != null && matches(q, r);
                        if (ok) {
                            found++;
                        }
                        return ok;
                    }
                });
                if (keys.size() > limit) {
                    keys = keys.subList(0, limit);
                }
            }
            total = 0;
            for (String key : keys) {
                Registration r = store.get(key);
                if (r == null || !matches(q, r)) {
                    continue;
                }
                total++;
                if (matches.size() < wanted) {
                    matches.add(r);
                }
                if (total > COUNT_CAP) {
                    total = COUNT_CAP;
                    capped = true;
                    break;
                }
            }
        }
        int from = Math.min(page * size, matches.size());
        return new Page(List.copyOf(matches.subList(from, Math.min(from + size, matches.size()))), page, size, total,
                capped);
    }

    static boolean matches(Query q, Registration r) {
        if (q.kvkNummer() != null && !q.kvkNummer().equals(r.getKvkNummer())) {
            return false;
        }
        if (q.vestigingsnummer() != null && !q.vestigingsnummer().equals(r.getVestigingsnummer())) {
            return false;
        }
        if (q.postcode() != null && !postcodeStartsWith(r.getVisitingAddress(), q.postcode())
                && !postcodeStartsWith(r.getPostalAddress(), q.postcode())) {
            return false;
        }
        if (!q.nameWords().isEmpty()) {
            List<String> tokens = RegistrationStore.nameTokens(r);
            for (String w : q.nameWords()) {
                if (tokens.stream().noneMatch(t -> t.startsWith(w))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean postcodeStartsWith(Address a, String prefix) {
        return a != null && a.getPostcode() != null
                && a.getPostcode().toUpperCase(Locale.ROOT).startsWith(prefix);
    }
}
