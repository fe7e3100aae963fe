package nl.kvksync.localstack.generate;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Trade names and statutory names: Dutch surnames, first names and activity words that fit the SBI section. */
final class Names {

    static final List<String> SURNAMES = List.of("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk",
            "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
            "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
            "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
            "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet",
            "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom",
            "Huisman", "Peeters", "de Jonge", "Kuipers", "van Veen", "Post", "Kuiper", "Veenstra", "Kramer",
            "van den Brink", "Scholten", "Yilmaz", "El Amrani", "Nguyen", "Kaya", "Pinas");

    static final List<String> FIRST_NAMES = List.of("Jan", "Pieter", "Kees", "Anna", "Sanne", "Lotte", "Daan", "Sem",
            "Emma", "Julia", "Lucas", "Milan", "Fleur", "Noah", "Eva", "Thijs", "Bram", "Lisa", "Mohammed", "Fatima",
            "Tim", "Ruben", "Iris", "Sophie", "Joost", "Marieke", "Henk", "Ingrid", "Wouter", "Esther");

    private static final Map<String, List<String>> ACTIVITY = Map.ofEntries(
            Map.entry("A", List.of("Agrarisch Bedrijf", "Kwekerij", "Melkveehouderij", "Loonbedrijf", "Boomkwekerij")),
            Map.entry("C", List.of("Metaalbewerking", "Houtbewerking", "Drukkerij", "Machinebouw", "Meubelmakerij")),
            Map.entry("F", List.of("Bouw", "Timmerwerken", "Installatietechniek", "Schilderwerken", "Dakwerken",
                    "Loodgieters", "Tegelwerken", "Klusbedrijf")),
            Map.entry("G", List.of("Handel", "Webshop", "Groothandel", "Fietsen", "Mode", "Bloemen", "Autobedrijf")),
            Map.entry("H", List.of("Transport", "Koeriersdienst", "Logistiek", "Taxi", "Verhuizingen")),
            Map.entry("I", List.of("Eetcafé", "Restaurant", "Lunchroom", "Catering", "Bed & Breakfast")),
            Map.entry("J", List.of("Media", "Uitgeverij", "Producties", "Fotografie")),
            Map.entry("K", List.of("IT Services", "Software", "Webdesign", "ICT Advies", "Data")),
            Map.entry("L", List.of("Financieel Advies", "Verzekeringen", "Hypotheken", "Holding")),
            Map.entry("M", List.of("Vastgoed", "Makelaardij", "Beheer")),
            Map.entry("N", List.of("Advies", "Consultancy", "Ingenieursbureau", "Administratie", "Ontwerp",
                    "Marketing", "Architecten")),
            Map.entry("O", List.of("Schoonmaak", "Uitzendbureau", "Verhuur", "Beveiliging", "Hoveniers")),
            Map.entry("Q", List.of("Rijschool", "Bijles", "Training", "Muziekschool")),
            Map.entry("R", List.of("Zorg", "Fysiotherapie", "Thuiszorg", "Praktijk", "Kinderopvang")),
            Map.entry("S", List.of("Sportschool", "Dansstudio", "Kunst", "Theater", "Muziek")),
            Map.entry("T", List.of("Kapsalon", "Schoonheidssalon", "Nagelstudio", "Stomerij", "Reparaties")));

    private static final List<String> GENERIC = List.of("Diensten", "Services", "Groep", "Bedrijf");

    private Names() {
    }

    static String surname(SplittableRandom random) {
        return SURNAMES.get(random.nextInt(SURNAMES.size()));
    }

    static String firstName(SplittableRandom random) {
        return FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()));
    }

    static String activity(String section, SplittableRandom random) {
        List<String> words = ACTIVITY.getOrDefault(section, GENERIC);
        return words.get(random.nextInt(words.size()));
    }

    static String capitalise(String name) {
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** A domain-name form of a trade name: lower case, ASCII letters and digits joined by hyphens. */
    static String slug(String name) {
        String ascii = java.text.Normalizer.normalize(name.toLowerCase(java.util.Locale.ROOT),
                java.text.Normalizer.Form.NFD).replaceAll("[^a-z0-9]+", "-");
        ascii = ascii.replaceAll("^-+|-+$", "");
        return ascii.isEmpty() ? "bedrijf" : ascii;
    }
}
