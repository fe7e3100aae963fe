package nl.kvksync.ingestor.feed;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

import nl.kvksync.contracts.kvk.LegalForm;

/**
 * Normalises KvK's free-text {@code rechtsvorm} / {@code uitgebreideRechtsvorm} ("Besloten vennootschap met gewone
 * structuur", "Eenmanszaak met meer dan één eigenaar", "Stichting", the 2-digit Handelsregister codes, the
 * abbreviations BV, VOF, …) to a {@link LegalForm}. Text it does not recognise maps to {@link LegalForm#OTHER};
 * the original text is always kept beside it, so nothing is lost.
 */
public final class LegalForms {

    private static final Map<String, LegalForm> CODES_2013 = Map.ofEntries(
            Map.entry("01", LegalForm.EENMANSZAAK), Map.entry("02", LegalForm.EENMANSZAAK),
            Map.entry("03", LegalForm.IN_OPRICHTING), Map.entry("05", LegalForm.REDERIJ),
            Map.entry("07", LegalForm.MAATSCHAP), Map.entry("11", LegalForm.VOF),
            Map.entry("12", LegalForm.IN_OPRICHTING), Map.entry("21", LegalForm.CV), Map.entry("22", LegalForm.CV),
            Map.entry("23", LegalForm.IN_OPRICHTING), Map.entry("40", LegalForm.IN_OPRICHTING),
            Map.entry("41", LegalForm.BV), Map.entry("42", LegalForm.BV), Map.entry("51", LegalForm.NV),
            Map.entry("52", LegalForm.NV), Map.entry("53", LegalForm.NV), Map.entry("54", LegalForm.NV),
            Map.entry("55", LegalForm.SE), Map.entry("56", LegalForm.SE), Map.entry("61", LegalForm.COOPERATIE),
            Map.entry("62", LegalForm.COOPERATIE), Map.entry("63", LegalForm.COOPERATIE),
            Map.entry("64", LegalForm.COOPERATIE), Map.entry("65", LegalForm.COOPERATIE),
            Map.entry("66", LegalForm.COOPERATIE), Map.entry("70", LegalForm.VVE),
            Map.entry("71", LegalForm.VERENIGING), Map.entry("72", LegalForm.VERENIGING),
            Map.entry("73", LegalForm.KERKGENOOTSCHAP), Map.entry("74", LegalForm.STICHTING),
            Map.entry("81", LegalForm.OWM), Map.entry("82", LegalForm.OWM), Map.entry("83", LegalForm.OWM),
            Map.entry("84", LegalForm.OWM), Map.entry("85", LegalForm.OWM), Map.entry("86", LegalForm.OWM),
            Map.entry("88", LegalForm.PUBLIEKRECHTELIJKE_RECHTSPERSOON),
            Map.entry("89", LegalForm.OVERIGE_PRIVAATRECHTELIJKE_RECHTSPERSOON),
            Map.entry("91", LegalForm.BUITENLANDSE_VENNOOTSCHAP), Map.entry("92", LegalForm.BUITENLANDSE_VENNOOTSCHAP),
            Map.entry("93", LegalForm.EESV), Map.entry("94", LegalForm.BUITENLANDSE_VENNOOTSCHAP),
            Map.entry("95", LegalForm.BUITENLANDSE_VENNOOTSCHAP), Map.entry("96", LegalForm.BUITENLANDSE_VENNOOTSCHAP),
            Map.entry("97", LegalForm.BUITENLANDSE_VENNOOTSCHAP));

    private static final Map<String, LegalForm> ABBREVIATIONS = Map.ofEntries(
            Map.entry("emz", LegalForm.EENMANSZAAK), Map.entry("red", LegalForm.REDERIJ),
            Map.entry("ma", LegalForm.MAATSCHAP), Map.entry("vof", LegalForm.VOF), Map.entry("cv", LegalForm.CV),
            Map.entry("bv", LegalForm.BV), Map.entry("nv", LegalForm.NV), Map.entry("cop", LegalForm.COOPERATIE),
            Map.entry("kg", LegalForm.KERKGENOOTSCHAP), Map.entry("vve", LegalForm.VVE),
            Map.entry("owm", LegalForm.OWM), Map.entry("st", LegalForm.STICHTING), Map.entry("eesv", LegalForm.EESV),
            Map.entry("se", LegalForm.SE), Map.entry("ver", LegalForm.VERENIGING),
            Map.entry("opr", LegalForm.OVERIGE_PRIVAATRECHTELIJKE_RECHTSPERSOON), Map.entry("sce", LegalForm.SCE),
            Map.entry("pr", LegalForm.PUBLIEKRECHTELIJKE_RECHTSPERSOON));

    private static final String[] PUBLIEKRECHTELIJK = {"publiekrechtelijk", "de staat", "provincie", "gemeente",
        "waterschap", "lichaam met bevoegdheid", "zelfstandig bestuursorgaan", "adviescollege",
        "wettelijk taak", "wettelijke taak", "universiteit", "academisch ziekenhuis", "openbaar lichaam",
        "territoriale samenwerking", "bedrijfsvoeringsorganisatie"};

    private static final String[] OVERIGE_PRIVAATRECHTELIJK = {"hofje", "boermarke", "fundatie", "gilde",
        "buurtschap", "privaatrechtelijke rechtspersoon"};

    /** KvK uses a few dozen texts: remember each answer (bounded, in case a feed invents many). */
    private static final java.util.concurrent.ConcurrentHashMap<String, LegalForm> SEEN =
            new java.util.concurrent.ConcurrentHashMap<>();

    private LegalForms() {
    }

    /** The normal form of {@code text}, or null when there is no text. */
    public static LegalForm normalise(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        LegalForm known = SEEN.get(text);
        if (known != null) {
            return known;
        }
        LegalForm form = classify(text);
        if (SEEN.size() < 10_000) {
            SEEN.put(text, form);
        }
        return form;
    }

    private static LegalForm classify(String text) {
        String t = fold(text);
        LegalForm byCode = CODES_2013.get(t);
        if (byCode != null) {
            return byCode;
        }
        LegalForm byAbbreviation = ABBREVIATIONS.get(t.replace(".", "").replace(" ", ""));
        if (byAbbreviation != null) {
            return byAbbreviation;
        }
        if (t.contains("in oprichting")) {
            return LegalForm.IN_OPRICHTING;
        }
        if (t.contains("eenmanszaak")) {
            return LegalForm.EENMANSZAAK;
        }
        if (t.contains("onderlinge waarborg")) {
            return LegalForm.OWM;
        }
        if (t.contains("europese cooperatieve vennootschap") || t.contains("(sce)")) {
            return LegalForm.SCE;
        }
        if (t.contains("europese naamloze vennootschap") || t.contains("(se)")) {
            return LegalForm.SE;
        }
        if (t.contains("europees economisch samenwerkingsverband")) {
            return LegalForm.EESV;
        }
        if (t.contains("buitenl") || t.contains("kapitaalvennootschap")) {
            return LegalForm.BUITENLANDSE_VENNOOTSCHAP;
        }
        if (t.contains("vennootschap onder firma")) {
            return LegalForm.VOF;
        }
        if (t.contains("commanditaire vennootschap")) {
            return LegalForm.CV;
        }
        if (t.contains("besloten vennootschap")) {
            return LegalForm.BV;
        }
        if (t.contains("naamloze vennootschap")) {
            return LegalForm.NV;
        }
        if (t.contains("maatschap")) {
            return LegalForm.MAATSCHAP;
        }
        if (t.contains("rederij")) {
            return LegalForm.REDERIJ;
        }
        if (t.contains("cooperatie")) {
            return LegalForm.COOPERATIE;
        }
        if (t.contains("vereniging van eigenaars")) {
            return LegalForm.VVE;
        }
        if (t.contains("vereniging")) {
            return LegalForm.VERENIGING;
        }
        if (t.contains("kerkgenootschap")) {
            return LegalForm.KERKGENOOTSCHAP;
        }
        for (String s : OVERIGE_PRIVAATRECHTELIJK) {
            if (t.contains(s)) {
                return LegalForm.OVERIGE_PRIVAATRECHTELIJKE_RECHTSPERSOON;
            }
        }
        for (String s : PUBLIEKRECHTELIJK) {
            if (t.contains(s)) {
                return LegalForm.PUBLIEKRECHTELIJKE_RECHTSPERSOON;
            }
        }
        if (t.contains("stichting")) {
            return LegalForm.STICHTING;
        }
        return LegalForm.OTHER;
    }

    /** Lower case, without diacritics (Coöperatie → cooperatie), single spaces. */
    static String fold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(decomposed.length());
        boolean space = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isWhitespace(c)) {
                space = b.length() > 0;
                continue;
            }
            if (space) {
                b.append(' ');
                space = false;
            }
            b.append(c);
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
