package io.auteur.studio.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person or organisation whose media may train models.
 *
 * @param id               a short stable handle chosen by the studio ("alice", "studio-42")
 * @param payoutReference  where compensation goes (an account reference opaque to Auteur), when known
 */
public record Contributor(String id, String name, Optional<String> payoutReference, Instant createdAt) {
    public Contributor {
        checkId(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payoutReference, "payoutReference");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name.isBlank() || name.length() > 200) {
            throw new ConsentException("a contributor's name must be 1 to 200 characters");
        }
        if (payoutReference.isPresent() && payoutReference.get().length() > 200) {
            throw new ConsentException("a payout reference is at most 200 characters");
        }
    }

    public static void checkId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
            throw new ConsentException("a contributor id is 1 to 64 letters, digits, '.', '_', '@' or '-' (starting "
                    + "with a letter or digit), was '" + id + "'");
        }
    }
}
