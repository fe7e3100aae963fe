package nl.kvksync.matcher.profile;

/** One thing wrong with a profile: the field as the JSON body names it ({@code postcodeRanges[0].from}) and why. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
