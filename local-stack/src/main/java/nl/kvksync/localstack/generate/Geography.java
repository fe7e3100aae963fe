package nl.kvksync.localstack.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Dutch postcodes weighted like where people live: the first two digits are a postcode region with a weight
 * roughly proportional to its population (in tens of thousands) and its main place; the last two digits are
 * uniform; the letter pair avoids the letters PostNL never uses (F, I, O, Q, U, Y) and the pairs SA, SD and SS.
 */
final class Geography {

    record Region(int prefix, String city, String areaCode) {
    }

    private static final String REGIONS = """
            10 Amsterdam 020 45|11 Amstelveen 020 35|12 Hilversum 035 18|13 Almere 036 22|14 Purmerend 0299 18|
            15 Zaandam 075 20|16 Hoorn 0229 16|17 Heerhugowaard 072 17|18 Alkmaar 072 18|19 Beverwijk 0251 14|
            20 Haarlem 023 22|21 Hoofddorp 023 16|22 Katwijk 071 12|23 Leiden 071 20|24 Alphen-aan-den-Rijn 0172 18|
            25 Den-Haag 070 35|26 Delft 015 22|27 Zoetermeer 079 14|28 Gouda 0182 18|29 Capelle-aan-den-IJssel 010 16|
            30 Rotterdam 010 30|31 Schiedam 010 22|32 Spijkenisse 0181 16|33 Dordrecht 078 20|34 Nieuwegein 030 16|
            35 Utrecht 030 30|36 Maarssen 0346 10|37 Zeist 030 16|38 Amersfoort 033 22|39 Veenendaal 0318 14|
            40 Tiel 0344 12|41 Culemborg 0345 10|42 Gorinchem 0183 10|43 Zierikzee 0111 6|44 Goes 0113 10|
            45 Terneuzen 0115 8|46 Bergen-op-Zoom 0164 12|47 Roosendaal 0165 14|48 Breda 076 20|49 Oosterhout 0162 12|
            50 Tilburg 013 22|51 Waalwijk 0416 14|52 's-Hertogenbosch 073 22|53 Oss 0412 14|54 Uden 0413 14|
            55 Veldhoven 040 14|56 Eindhoven 040 24|57 Helmond 0492 18|58 Venray 0478 10|59 Venlo 077 14|
            60 Weert 0495 12|61 Sittard 046 14|62 Maastricht 043 18|63 Valkenburg 043 14|64 Heerlen 045 14|
            65 Nijmegen 024 22|66 Wijchen 024 12|67 Ede 0318 16|68 Arnhem 026 22|69 Zevenaar 0316 14|
            70 Doetinchem 0314 12|71 Winterswijk 0543 10|72 Zutphen 0575 10|73 Apeldoorn 055 18|74 Deventer 0570 16|
            75 Enschede 053 20|76 Almelo 0546 14|77 Hardenberg 0523 10|78 Emmen 0591 12|79 Hoogeveen 0528 10|
            80 Zwolle 038 16|81 Raalte 0572 10|82 Lelystad 0320 12|83 Emmeloord 0527 8|84 Heerenveen 0513 10|
            85 Joure 0513 8|86 Sneek 0515 8|87 Bolsward 0515 6|88 Harlingen 0517 6|89 Leeuwarden 058 12|
            90 Grou 0566 8|91 Dokkum 0519 6|92 Drachten 0512 8|93 Leek 0594 8|94 Assen 0592 10|
            95 Stadskanaal 0599 8|96 Hoogezand 0598 8|97 Groningen 050 20|98 Winsum 0595 8|99 Delfzijl 0596 6""";

    static final List<String> STREETS = List.of("Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg",
            "Stationsweg", "Hoofdstraat", "Julianastraat", "Wilhelminastraat", "Beatrixstraat", "Nieuwstraat",
            "Marktplein", "Industrieweg", "Parallelweg", "Kastanjelaan", "Eikenlaan", "Lindelaan", "Beukenlaan",
            "Prins Bernhardstraat", "Oranjestraat", "Sportlaan", "Havenstraat", "Raadhuisstraat", "Kerkweg",
            "Molenstraat", "Emmastraat", "Irenestraat", "Margrietstraat", "Prinses Julianaweg", "Noordeinde",
            "Zuideinde", "Burgemeester de Withstraat", "Vestdijk", "Torenallee", "Ambachtsweg", "Nijverheidsweg",
            "Handelsweg", "Edisonstraat", "Keizersgracht", "Herengracht", "Koningsweg", "Rijksstraatweg",
            "Veldweg", "Esdoornlaan", "Populierenlaan", "Wilgenlaan", "Berkenlaan", "Sluisweg", "Dijkstraat");

    private static final String LETTERS = "ABCDEGHJKLMNPRSTVWXZ";

    private final Weighted<Region> regions = new Weighted<>();

    Geography() {
        for (String entry : REGIONS.replace("\n", "").split("\\|")) {
            String[] p = entry.trim().split(" ");
            regions.add(new Region(Integer.parseInt(p[0]), p[1].replace('-', ' '), p[2]), Double.parseDouble(p[3]));
        }
    }

    Region region(SplittableRandom random) {
        return regions.pick(random);
    }

    static String postcode(Region region, SplittableRandom random) {
        int digits = region.prefix() * 100 + random.nextInt(100);
        char a;
        char b;
        do {
            a = LETTERS.charAt(random.nextInt(LETTERS.length()));
            b = LETTERS.charAt(random.nextInt(LETTERS.length()));
        } while (a == 'S' && (b == 'A' || b == 'D' || b == 'S'));
        return digits + "" + a + b;
    }

    static String street(SplittableRandom random) {
        return STREETS.get(random.nextInt(STREETS.size()));
    }

    /** A fixed-line number in the region's area code, written as people write it (070-1234567), or a mobile. */
    static String phone(Region region, SplittableRandom random) {
        if (random.nextInt(100) < 35) {
            return "06-" + (10_000_000 + random.nextInt(90_000_000));
        }
        int localDigits = 10 - region.areaCode().length();
        long local = (long) Math.pow(10, localDigits - 1) * (2 + random.nextInt(7)) + random.nextLong(
                (long) Math.pow(10, localDigits - 1));
        return region.areaCode() + "-" + local;
    }
}
