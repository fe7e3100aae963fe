package nl.kvksync.matcher.profile;

import java.util.List;
import java.util.stream.Collectors;

/** A profile that breaks {@link ProfileValidator}'s rules; carries every offending field. */
public final class InvalidProfileException extends IllegalArgumentException {

    private final transient List<FieldError> errors;

    public InvalidProfileException(List<FieldError> errors) {
        super("invalid profile: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
