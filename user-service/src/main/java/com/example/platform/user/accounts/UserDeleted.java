package com.example.platform.user.accounts;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the deleting transaction.
 *
 * @param userId the deleted user
 * @param version one past the user's last stored version
 * @param occurredAt when it was deleted
 */
public record UserDeleted(UUID userId, long version, Instant occurredAt) {

}
