package nl.kvksync.ingestor.feed;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import nl.kvksync.contracts.kvk.RejectionReason;

/**
 * The normalisation and validation rules of the register's identifiers and values, each a static function that
 * returns the normal form or throws a {@link Rejection.Exception} naming the field.
 */
public final class Normalise {

    private Normalise() {
    }

    /** kvkNummer: exactly 8 digits. */
    public static String kvkNummer(String value, String field) {
        String v = trim(value);
        if (v == null || !digits(v, 8)) {
            throw Rejection.reject(RejectionReason.INVALID_KVK_NUMMER, field,
                    field + " must be 8 digits (leading zeros kept), found " + quote(value), value);
        }
        return v;
    }

    /** vestigingsnummer: exactly 12 digits. */
    public static String vestigingsnummer(String value, String field) {
        String v = trim(value);
        if (v == null || !digits(v, 12)) {
            throw Rejection.reject(RejectionReason.INVALID_VESTIGINGSNUMMER, field,
                    field + " must be 12 digits (leading zeros kept), found " + quote(value), value);
        }
        return v;
    }

    /** RSIN: 9 digits passing the eleven-check (weights 9..2 and -1 on the last digit). */
    public static String rsin(String value, String field) {
        String v = trim(value);
        if (v == null || !digits(v, 9)) {
            throw Rejection.reject(RejectionReason.INVALID_RSIN, field,
                    field + " must be 9 digits, found " + quote(value), value);
        }
        if (!elevenCheck(v)) {
            throw Rejection.reject(RejectionReason.INVALID_RSIN, field,
                    field + " " + v + " fails the eleven-check (a typing error?)", value);
        }
        return v;
    }

    public static boolean elevenCheck(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (nineDigits.charAt(i) - '0') * (9 - i);
        }
        sum -= nineDigits.charAt(8) - '0';
        return sum % 11 == 0;
    }

    /**
     * A Dutch postcode: spaces removed, upper case, then {@code ^[1-9][0-9]{3}[A-Z]{2}$} without the letter pairs SA,
     * SD and SS (never issued).
     */
    public static String postcode(String value, String field) {
        if (value == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(6);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isWhitespace(c)) {
                b.append(Character.toUpperCase(c));
            }
        }
        String v = b.toString();
        if (v.isEmpty()) {
            return null;
        }
        boolean shape = v.length() == 6 && v.charAt(0) >= '1' && v.charAt(0) <= '9' && isDigit(v.charAt(1))
                && isDigit(v.charAt(2)) && isDigit(v.charAt(3)) && v.charAt(4) >= 'A' && v.charAt(4) <= 'Z'
                && v.charAt(5) >= 'A' && v.charAt(5) <= 'Z';
        if (!shape) {
            throw Rejection.reject(RejectionReason.INVALID_POSTCODE, field,
                    field + " must be a Dutch postcode like 1034WL, found " + quote(value), value);
        }
        String letters = v.substring(4);
        if (letters.equals("SA") || letters.equals("SD") || letters.equals("SS")) {
            throw Rejection.reject(RejectionReason.INVALID_POSTCODE, field,
                    field + " " + v + " uses the letters " + letters + ", which no Dutch postcode has", value);
        }
        return v;
    }

    /**
     * A KvK date {@code YYYYMMDD} (or ISO {@code YYYY-MM-DD}) as ISO 8601 with reduced precision where KvK writes
     * {@code 00}: {@code 20170108} → {@code 2017-01-08}, {@code 20150600} → {@code 2015-06}, {@code 20150000} →
     * {@code 2015}; {@code 00000000} (unknown) → null.
     */
    public static String date(String value, String field) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        if (v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
            v = v.substring(0, 4) + v.substring(5, 7) + v.substring(8, 10);
        }
        if (!digits(v, 8)) {
            throw invalidDate(field, value, "must be a date YYYYMMDD");
        }
        int year = number(v, 0, 4);
        int month = number(v, 4, 6);
        int day = number(v, 6, 8);
        if (year == 0) {
            if (month == 0 && day == 0) {
                return null;
            }
            throw invalidDate(field, value, "has an unknown year but a known month or day");
        }
        if (month == 0) {
            if (day != 0) {
                throw invalidDate(field, value, "has an unknown month but a known day");
            }
            return v.substring(0, 4);
        }
        if (month > 12) {
            throw invalidDate(field, value, "has month " + month);
        }
        if (day == 0) {
            return v.substring(0, 4) + "-" + v.substring(4, 6);
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            throw invalidDate(field, value, "has day " + day + " in a month that has fewer");
        }
        return v.substring(0, 4) + "-" + v.substring(4, 6) + "-" + v.substring(6, 8);
    }

    /** The value of the digits {@code s[from, to)} (checked to be digits). */
    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    private static Rejection.Exception invalidDate(String field, String value, String why) {
        return Rejection.reject(RejectionReason.INVALID_DATE, field, field + " " + why + ", found " + quote(value),
                value);
    }

    /**
     * A website as an absolute http(s) URL: {@code www.example.nl} → {@code https://www.example.nl}; scheme and host
     * in lower case; a lone trailing slash dropped.
     */
    public static String website(String value, String field) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        String scheme = startsWithAscii(v, "https://") ? "https" : startsWithAscii(v, "http://") ? "http" : null;
        String plain = plainHost(v, scheme == null ? 0 : scheme.length() + 3);
        if (plain != null) {
            return (scheme == null ? "https" : scheme) + "://" + plain;
        }
        return websiteByUri(scheme != null ? v : "https://" + v, value, field);
    }

    /**
     * Whether {@code v} starts with the lower-case ASCII {@code prefix}, ignoring ASCII case only (unlike
     * {@code regionMatches(true, …)}, which also takes the long s ſ for an s).
     */
    static boolean startsWithAscii(String v, String prefix) {
        if (v.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = v.charAt(i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #website} of any address, through {@link URI}; {@code withScheme} starts with http:// or https://. */
    static String websiteByUri(String withScheme, String value, String field) {
        try {
            URI uri = new URI(withScheme);
            String host = uri.getHost();
            if (host == null || host.indexOf('.') <= 0 || host.endsWith(".") || uri.getUserInfo() != null) {
                throw invalidWebsite(field, value);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
            StringBuilder b = new StringBuilder(scheme).append("://").append(host.toLowerCase(Locale.ROOT));
            if (uri.getPort() >= 0) {
                b.append(':').append(uri.getPort());
            }
            b.append(path);
            if (uri.getRawQuery() != null) {
                b.append('?').append(uri.getRawQuery());
            }
            return b.toString();
        } catch (URISyntaxException e) {
            throw invalidWebsite(field, value);
        }
    }

    /**
     * The common case of {@link #website}, without building a {@link URI}: {@code v} from {@code start} is a host name
     * and at most a lone trailing slash, and the host is one {@link URI} accepts as a server name (dot-separated
     * labels of letters, digits and inner hyphens, at least two, the last starting with a letter). Returns the host
     * in lower case, or null for anything else (which then goes through {@link URI}).
     */
    static String plainHost(String v, int start) {
        int end = v.length();
        if (end > start && v.charAt(end - 1) == '/') {
            end--;
        }
        int labelStart = start;
        int dots = 0;
        boolean upper = false;
        for (int i = start; i <= end; i++) {
            char c = i == end ? '.' : v.charAt(i);
            if (c == '.') {
                if (i == labelStart || v.charAt(i - 1) == '-') {
                    return null; // empty label, or one ending in a hyphen
                }
                if (i < end) {
                    dots++;
                }
                labelStart = i + 1;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c == '-') {
                if (i == labelStart) {
                    return null;
                }
            } else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                return null;
            }
        }
        int lastLabel = v.lastIndexOf('.', end - 1) + 1;
        char first = v.charAt(lastLabel);
        if (dots == 0 || !((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return null;
        }
        String host = v.substring(start, end);
        return upper ? host.toLowerCase(Locale.ROOT) : host;
    }

    private static Rejection.Exception invalidWebsite(String field, String value) {
        return Rejection.reject(RejectionReason.INVALID_WEBSITE, field,
                field + " must be a web address like www.example.nl, found " + quote(value), value);
    }

    /**
     * A phone number in E.164: Dutch numbers ({@code 020-1234567}, {@code 06 12345678}, {@code +31 (0)20 ...},
     * {@code 0031...}) become {@code +31} and 9 digits; other international numbers keep their country code
     * (8 to 15 digits in all).
     */
    public static String phone(String value, String field) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        String compact = v.replace("(0)", "");
        StringBuilder digits = new StringBuilder(16);
        boolean plus = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (isDigit(c)) {
                digits.append(c);
            } else if (c == '+' && digits.isEmpty() && !plus) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/' && c != '\u00a0') {
                throw invalidPhone(field, value);
            }
        }
        String d = digits.toString();
        String international;
        if (plus) {
            international = d;
        } else if (d.startsWith("00")) {
            international = d.substring(2);
        } else if (d.startsWith("0")) {
            international = "31" + d.substring(1);
        } else {
            throw invalidPhone(field, value);
        }
        if (international.startsWith("31")) {
            String national = international.substring(2);
            if (national.startsWith("0")) {
                national = national.substring(1);
            }
            if (national.length() != 9 || national.charAt(0) == '0') {
                throw invalidPhone(field, value);
            }
            return "+31" + national;
        }
        if (international.length() < 8 || international.length() > 15 || international.charAt(0) == '0') {
            throw invalidPhone(field, value);
        }
        return "+" + international;
    }

    private static Rejection.Exception invalidPhone(String field, String value) {
        return Rejection.reject(RejectionReason.INVALID_PHONE, field,
                field + " must be a phone number like 020-1234567 or +31201234567, found " + quote(value), value);
    }

    /** {@code Ja} → true, {@code Nee} → false, absent → null; anything else is refused. */
    public static Boolean jaNee(String value, String field) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("Ja")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("Nee")) {
            return Boolean.FALSE;
        }
        throw Rejection.reject(RejectionReason.OTHER, field, field + " must be Ja or Nee, found " + quote(value),
                value);
    }

    /** Trimmed, with runs of spaces collapsed (KvK pads some values); empty becomes null. */
    public static String text(String value) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.indexOf("  ") >= 0) {
            StringBuilder b = new StringBuilder(t.length());
            boolean space = false;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (Character.isWhitespace(c)) {
                    if (!space) {
                        b.append(' ');
                    }
                    space = true;
                } else {
                    b.append(c);
                    space = false;
                }
            }
            t = b.toString();
        }
        return t;
    }

    static String trim(String value) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        return t.isEmpty() ? null : t;
    }

    static boolean digits(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        String v = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return "\"" + v + "\"";
    }
}
