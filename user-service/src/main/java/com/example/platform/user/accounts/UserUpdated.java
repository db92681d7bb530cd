package com.example.platform.user.accounts;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the updating transaction.
 *
 * @param userId the user
 * @param name their display name after the change
 * @param version the user's version after the change
 * @param occurredAt when it changed
 */
public record UserUpdated(UUID userId, String name, long version, Instant occurredAt) {

}
