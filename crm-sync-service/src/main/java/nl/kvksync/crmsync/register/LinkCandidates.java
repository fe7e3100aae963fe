package nl.kvksync.crmsync.register;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.Registration;

/**
 * Ranks registrations as link candidates for an organisation, with a score from 0 to 100 and the reasons behind
 * it, so an admin can see why a candidate is offered:
 * <ul>
 * <li>the same vestigingsnummer: 100; the same KvK number: 90 (another establishment of the same company);</li>
 * <li>otherwise the sum, capped at 89 so an exact number always ranks first, of: name similarity (Dice coefficient
 * over letter pairs of the names without legal-form words) times 50, the same postcode 30 or the same four postcode
 * digits 15, and the same house number at the same postcode 10.</li>
 * </ul>
 * Candidates scoring below {@value #MINIMUM_SCORE} are left out.
 */
public final class LinkCandidates {

    public static final int MINIMUM_SCORE = 20;
    static final int VESTIGINGSNUMMER = 100;
    static final int KVK_NUMMER = 90;
    static final int SIMILARITY_CAP = 89;

    private static final Pattern LEGAL_FORM_WORDS = Pattern.compile(
            "\\b(b\\.?\\s?v\\.?|n\\.?\\s?v\\.?|v\\.?\\s?o\\.?\\s?f\\.?|c\\.?\\s?v\\.?|i\\.?o\\.?)(?=\\s|$)");
    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^a-z0-9 ]");

    /** One candidate: the registration, its score and one sentence per reason. */
    public record Candidate(Registration registration, int score, List<String> reasons) {
    }

    private LinkCandidates() {
    }

    /** Scores every distinct registration (by registration key) and returns the best {@code limit}, best first. */
    public static List<Candidate> rank(Organisation organisation, Collection<Registration> found, int limit) {
        Map<String, Registration> distinct = new LinkedHashMap<>();
        for (Registration r : found) {
            distinct.putIfAbsent(r.getRegistrationKey(), r);
        }
        List<Candidate> candidates = new ArrayList<>();
        Map<Candidate, Integer> similarity = new HashMap<>();
        for (Registration r : distinct.values()) {
            List<String> reasons = new ArrayList<>();
            int identity = 0;
            if (organisation.getVestigingsnummer() != null
                    && organisation.getVestigingsnummer().equals(r.getVestigingsnummer())) {
                identity = VESTIGINGSNUMMER;
                reasons.add("vestigingsnummer " + r.getVestigingsnummer() + " matches exactly");
            } else if (organisation.getKvkNummer() != null && organisation.getKvkNummer().equals(r.getKvkNummer())) {
                identity = KVK_NUMMER;
                reasons.add("KvK number " + r.getKvkNummer() + " matches exactly"
                        + (Boolean.TRUE.equals(r.getMainEstablishment()) ? " (main establishment)" : ""));
            }
            int similar = similarity(organisation, r, reasons);
            int score = Math.max(identity, Math.min(SIMILARITY_CAP, similar));
            if (score >= MINIMUM_SCORE) {
                Candidate candidate = new Candidate(r, score, List.copyOf(reasons));
                candidates.add(candidate);
                similarity.put(candidate, similar);
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::score).reversed()
                .thenComparing(Comparator.comparingInt((Candidate c) -> similarity.get(c)).reversed())
                .thenComparing(c -> c.registration().getRegistrationKey()));
        return candidates.size() > limit ? List.copyOf(candidates.subList(0, limit)) : candidates;
    }

    private static int similarity(Organisation o, Registration r, List<String> reasons) {
        int score = 0;
        String bestOwn = null;
        String bestTheirs = null;
        double best = 0;
        for (String own : names(o.getTradeName(), o.getStatutoryName())) {
            List<String> theirs = new ArrayList<>(r.getTradeNames());
            theirs.add(r.getTradeName());
            theirs.add(r.getStatutoryName());
            for (String their : names(theirs.toArray(String[]::new))) {
                double d = dice(own, their);
                if (d > best) {
                    best = d;
                    bestOwn = own;
                    bestTheirs = their;
                }
            }
        }
        if (best >= 0.3) {
            int points = (int) Math.round(50 * best);
            score += points;
            reasons.add(String.format(Locale.ROOT, "name '%s' is %d%% similar to '%s'", bestOwn,
                    Math.round(best * 100), bestTheirs));
        }
        Address own = o.getVisitingAddress() != null ? o.getVisitingAddress() : o.getPostalAddress();
        Address their = r.getVisitingAddress() != null ? r.getVisitingAddress() : r.getPostalAddress();
        String ownPostcode = postcode(own);
        String theirPostcode = postcode(their);
        if (ownPostcode != null && ownPostcode.equals(theirPostcode)) {
            score += 30;
            reasons.add("postcode " + ownPostcode + " matches");
            if (own.getHouseNumber() != null && Objects.equals(own.getHouseNumber(), their.getHouseNumber())) {
                score += 10;
                reasons.add("house number " + own.getHouseNumber() + " matches");
            }
        } else if (ownPostcode != null && theirPostcode != null && ownPostcode.length() >= 4
                && theirPostcode.length() >= 4 && ownPostcode.substring(0, 4).equals(theirPostcode.substring(0, 4))) {
            score += 15;
            reasons.add("postcode area " + ownPostcode.substring(0, 4) + " matches");
        }
        return score;
    }

    /**
     * The word of a name most worth searching the register for: the longest word of the normalised name (legal-form
     * words dropped), at least three characters; null when the name has none.
     */
    public static String searchWord(String name) {
        String best = null;
        for (String word : normalise(name).split(" ")) {
            if (word.length() >= 3 && (best == null || word.length() > best.length())) {
                best = word;
            }
        }
        return best;
    }

    /** Dice coefficient of the letter pairs of two normalised names: 1 for the same name, 0 for nothing shared. */
    static double dice(String a, String b) {
        String x = normalise(a);
        String y = normalise(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        if (x.equals(y)) {
            return 1;
        }
        Map<String, Integer> pairs = new HashMap<>();
        for (String pair : pairs(x)) {
            pairs.merge(pair, 1, Integer::sum);
        }
        List<String> other = pairs(y);
        int shared = 0;
        for (String pair : other) {
            Integer count = pairs.get(pair);
            if (count != null && count > 0) {
                shared++;
                pairs.put(pair, count - 1);
            }
        }
        int total = pairs(x).size() + other.size();
        return total == 0 ? 0 : 2.0 * shared / total;
    }

    /** Lower case, accents and punctuation gone, legal-form words (B.V., N.V., V.O.F., C.V., i.o.) dropped. */
    static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String s = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        s = LEGAL_FORM_WORDS.matcher(s).replaceAll(" ");
        s = NON_ALPHANUMERIC.matcher(s).replaceAll(" ");
        return s.replaceAll("\\s+", " ").trim();
    }

    private static List<String> pairs(String s) {
        List<String> pairs = new ArrayList<>();
        for (String word : s.split(" ")) {
            for (int i = 0; i + 1 < word.length(); i++) {
                pairs.add(word.substring(i, i + 2));
            }
        }
        return pairs;
    }

    private static List<String> names(String... names) {
        List<String> result = new ArrayList<>();
        for (String n : names) {
            if (n != null && !n.isBlank() && !result.contains(n)) {
                result.add(n);
            }
        }
        return result;
    }

    private static String postcode(Address a) {
        return a == null || a.getPostcode() == null ? null
                : a.getPostcode().replace(" ", "").toUpperCase(Locale.ROOT);
    }
}
