package nl.kvksync.ingestor.feed;

import java.util.ArrayList;

import nl.kvksync.contracts.kvk.RejectionReason;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one JSON object (a feed line or an API response body) into a {@link RawProfile} with Jackson's streaming
 * parser: only the fields the register needs are kept, every other field (links in both styles, {@code geoData},
 * {@code volledigAdres}, …) is skipped, whatever its shape. Strings where KvK sends numbers and numbers where it sends
 * strings are both accepted. Thread-safe.
 */
final class ProfileParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    RawProfile parse(byte[] bytes, int off, int len) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), bytes, off, len)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw Rejection.reject(RejectionReason.EMPTY_LINE, null, "the line is empty", null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw Rejection.reject(RejectionReason.NOT_AN_OBJECT, null,
                        "a feed line must be one JSON object, found " + describe(first), null);
            }
            RawProfile profile = profile(p, "");
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw Rejection.reject(RejectionReason.MALFORMED_JSON, null,
                        "there is more after the JSON object; put one object on each line", null);
            }
            return profile;
        } catch (UnexpectedEndOfInputException e) {
            throw Rejection.reject(RejectionReason.TRUNCATED_LINE, null,
                    "the JSON object ends before it is complete (the line is cut off)", null);
        } catch (JacksonException e) {
            throw Rejection.reject(RejectionReason.MALFORMED_JSON, null, "not valid JSON: " + e.getOriginalMessage(),
                    null);
        }
    }

    private RawProfile profile(JsonParser p, String path) {
        RawProfile r = new RawProfile(path);
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "mutatie" -> mutatie(p, t, r);
                case "kvkNummer" -> r.kvkNummer = text(p, t, r.path, name);
                case "vestigingsnummer" -> r.vestigingsnummer = text(p, t, r.path, name);
                case "rsin" -> r.rsin = text(p, t, r.path, name);
                case "naam" -> r.naam = text(p, t, r.path, name);
                case "statutaireNaam" -> r.statutaireNaam = text(p, t, r.path, name);
                case "eersteHandelsnaam" -> r.eersteHandelsnaam = text(p, t, r.path, name);
                case "formeleRegistratiedatum" -> r.formeleRegistratiedatum = text(p, t, r.path, name);
                case "indHoofdvestiging" -> r.indHoofdvestiging = text(p, t, r.path, name);
                case "rechtsvorm" -> r.rechtsvorm = text(p, t, r.path, name);
                case "uitgebreideRechtsvorm" -> r.uitgebreideRechtsvorm = text(p, t, r.path, name);
                case "telefoonnummer" -> r.telefoonnummer = text(p, t, r.path, name);
                case "type" -> r.type = text(p, t, r.path, name);
                case "actief" -> r.actief = text(p, t, r.path, name);
                case "totaalWerkzamePersonen" -> r.totaalWerkzamePersonen = integer(p, t, r.path, name);
                case "materieleRegistratie" -> materieleRegistratie(p, t, r);
                case "handelsnamen" -> handelsnamen(p, t, r);
                case "websites" -> websites(p, t, r);
                case "adressen" -> adressen(p, t, r);
                case "adres" -> zoekenAdres(p, t, r);
                case "sbiActiviteiten" -> sbi(p, t, r);
                case "_embedded" -> embedded(p, t, r);
                case "fout" -> fout(p, t, r);
                default -> p.skipChildren();
            }
        }
        return r;
    }

    private void mutatie(JsonParser p, JsonToken t, RawProfile r) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expectObject(t, "mutatie");
        r.hasMutatie = true;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "soort" -> r.soort = text(p, v, "mutatie.soort");
                case "datumIngang" -> r.datumIngang = text(p, v, "mutatie.datumIngang");
                case "redenEinde" -> r.redenEinde = text(p, v, "mutatie.redenEinde");
                default -> p.skipChildren();
            }
        }
    }

    private void fout(JsonParser p, JsonToken t, RawProfile r) {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        r.fout = new ArrayList<>(1);
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            if (item != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String code = null;
            String omschrijving = null;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "code" -> code = text(p, v, "fout.code");
                    case "omschrijving" -> omschrijving = text(p, v, "fout.omschrijving");
                    default -> p.skipChildren();
                }
            }
            r.fout.add((code == null ? "?" : code) + ": " + (omschrijving == null ? "" : omschrijving));
        }
    }

    private void materieleRegistratie(JsonParser p, JsonToken t, RawProfile r) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expectObject(t, r.field("materieleRegistratie"));
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "datumAanvang" -> r.datumAanvang = text(p, v, r.field("materieleRegistratie.datumAanvang"));
                case "datumEinde" -> r.datumEinde = text(p, v, r.field("materieleRegistratie.datumEinde"));
                default -> p.skipChildren();
            }
        }
    }

    private void handelsnamen(JsonParser p, JsonToken t, RawProfile r) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expectArray(t, r.field("handelsnamen"));
        r.handelsnamen = new ArrayList<>(4);
        int i = 0;
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            String path = r.field("handelsnamen") + "[" + i + "]";
            if (item == JsonToken.VALUE_STRING) {
                r.handelsnamen.add(new RawProfile.Handelsnaam(p.getString(), i));
            } else if (item == JsonToken.START_OBJECT) {
                String naam = null;
                Integer volgorde = null;
                String name;
                while ((name = p.nextName()) != null) {
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "naam" -> naam = text(p, v, path + ".naam");
                        case "volgorde" -> volgorde = integer(p, v, path + ".volgorde");
                        default -> p.skipChildren();
                    }
                }
                if (naam != null) {
                    r.handelsnamen.add(new RawProfile.Handelsnaam(naam, volgorde == null ? i : volgorde));
                }
            } else if (item != JsonToken.VALUE_NULL) {
                throw Rejection.reject(RejectionReason.NOT_AN_OBJECT, path,
                        path + " must be an object {naam, volgorde}, found " + describe(item), null);
            }
            i++;
        }
    }

    private void websites(JsonParser p, JsonToken t, RawProfile r) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t == JsonToken.VALUE_STRING) {
            r.websites = RawProfile.add(r.websites, p.getString());
            return;
        }
        expectArray(t, r.field("websites"));
        int i = 0;
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            String s = text(p, item, r.field("websites") + "[" + i++ + "]");
            if (s != null) {
                r.websites = RawProfile.add(r.websites, s);
            }
        }
    }

    private void adressen(JsonParser p, JsonToken t, RawProfile r) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expectArray(t, r.field("adressen"));
        int i = 0;
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            String path = r.field("adressen") + "[" + i++ + "]";
            if (item == JsonToken.VALUE_NULL) {
                continue;
            }
            expectObject(item, path);
            r.adressen = RawProfile.add(r.adressen, address(p, path));
        }
    }

    /** Zoeken: {@code adres: {binnenlandsAdres: {...}, buitenlandsAdres: {...}}}. */
    private void zoekenAdres(JsonParser p, JsonToken t, RawProfile r) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expectObject(t, r.field("adres"));
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            if ((name.equals("binnenlandsAdres") || name.equals("buitenlandsAdres")) && v == JsonToken.START_OBJECT) {
                RawProfile.Address a = address(p, r.field("adres." + name));
                a.foreign = name.equals("buitenlandsAdres");
                r.adressen = RawProfile.add(r.adressen, a);
            } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY || v == JsonToken.VALUE_NULL) {
                if (v != JsonToken.VALUE_NULL && (name.equals("binnenlandsAdres") || name.equals("buitenlandsAdres"))) {
                    throw Rejection.reject(RejectionReason.NOT_AN_OBJECT, r.field("adres." + name),
                            r.field("adres." + name) + " must be an object, found " + describe(v), null);
                }
                p.skipChildren();
            }
        }
    }

    private RawProfile.Address address(JsonParser p, String path) {
        RawProfile.Address a = new RawProfile.Address(path);
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "type" -> a.type = text(p, v, a.path, name);
                case "indAfgeschermd" -> a.indAfgeschermd = text(p, v, a.path, name);
                case "straatnaam" -> a.straatnaam = text(p, v, a.path, name);
                case "huisnummer" -> a.huisnummer = integer(p, v, a.path, name);
                case "huisletter" -> a.huisletter = text(p, v, a.path, name);
                case "huisnummerToevoeging" -> a.huisnummerToevoeging = text(p, v, a.path, name);
                case "toevoegingAdres" -> a.toevoegingAdres = text(p, v, a.path, name);
                case "postcode" -> a.postcode = text(p, v, a.path, name);
                case "postbusnummer" -> a.postbusnummer = integer(p, v, a.path, name);
                case "plaats" -> a.plaats = text(p, v, a.path, name);
                case "straatHuisnummer" -> a.straatHuisnummer = text(p, v, a.path, name);
                case "postcodeWoonplaats" -> a.postcodeWoonplaats = text(p, v, a.path, name);
                case "regio" -> a.regio = text(p, v, a.path, name);
                case "land" -> a.land = text(p, v, a.path, name);
                default -> p.skipChildren();
            }
        }
        return a;
    }

    private void sbi(JsonParser p, JsonToken t, RawProfile r) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expectArray(t, r.field("sbiActiviteiten"));
        r.sbiActiviteiten = new ArrayList<>(3);
        int i = 0;
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            String path = r.field("sbiActiviteiten") + "[" + i++ + "]";
            if (item == JsonToken.VALUE_NULL) {
                continue;
            }
            expectObject(item, path);
            String code = null;
            String omschrijving = null;
            String hoofd = null;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken v = p.nextToken();
                switch (name) {
                    case "sbiCode" -> code = text(p, v, path + ".sbiCode");
                    case "sbiOmschrijving" -> omschrijving = text(p, v, path + ".sbiOmschrijving");
                    case "indHoofdactiviteit" -> hoofd = text(p, v, path + ".indHoofdactiviteit");
                    default -> p.skipChildren();
                }
            }
            r.sbiActiviteiten.add(new RawProfile.Sbi(path, code, omschrijving, hoofd));
        }
    }

    private void embedded(JsonParser p, JsonToken t, RawProfile r) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expectObject(t, r.field("_embedded"));
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            if ((name.equals("hoofdvestiging") || name.equals("eigenaar")) && v != JsonToken.VALUE_NULL) {
                String path = r.field("_embedded." + name);
                expectObject(v, path);
                RawProfile nested = profile(p, path);
                if (name.equals("hoofdvestiging")) {
                    r.hoofdvestiging = nested;
                } else {
                    r.eigenaar = nested;
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /** A string value; the field's path ({@code prefix.name}) is only built for a rejection. */
    private static String text(JsonParser p, JsonToken t, String prefix, String name) {
        if (t == JsonToken.VALUE_STRING) {
            return p.getString();
        }
        return text(p, t, prefix.isEmpty() ? name : prefix + "." + name);
    }

    private static Integer integer(JsonParser p, JsonToken t, String prefix, String name) {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        return integer(p, t, prefix.isEmpty() ? name : prefix + "." + name);
    }

    private static String text(JsonParser p, JsonToken t, String field) {
        return switch (t) {
            case VALUE_STRING -> p.getString();
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getString();
            default -> throw Rejection.reject(RejectionReason.MALFORMED_JSON, field,
                    field + " must be a string, found " + describe(t), null);
        };
    }

    private static Integer integer(JsonParser p, JsonToken t, String field) {
        switch (t) {
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() != JsonParser.NumberType.INT) {
                    throw Rejection.reject(RejectionReason.INVALID_NUMBER, field, field + " is out of range",
                            p.getString());
                }
                return p.getIntValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_STRING -> {
                String s = p.getString().trim();
                if (s.isEmpty()) {
                    return null;
                }
                try {
                    return Integer.valueOf(s);
                } catch (NumberFormatException e) {
                    throw Rejection.reject(RejectionReason.INVALID_NUMBER, field, field + " must be a whole number",
                            s);
                }
            }
            default -> throw Rejection.reject(RejectionReason.INVALID_NUMBER, field,
                    field + " must be a whole number, found " + describe(t), t == JsonToken.VALUE_NUMBER_FLOAT
                            ? p.getString() : null);
        }
    }

    private static void expectObject(JsonToken t, String field) {
        if (t != JsonToken.START_OBJECT) {
            throw Rejection.reject(RejectionReason.NOT_AN_OBJECT, field,
                    field + " must be a JSON object, found " + describe(t), null);
        }
    }

    private static void expectArray(JsonToken t, String field) {
        if (t != JsonToken.START_ARRAY) {
            throw Rejection.reject(RejectionReason.MALFORMED_JSON, field,
                    field + " must be a JSON array, found " + describe(t), null);
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }
}
