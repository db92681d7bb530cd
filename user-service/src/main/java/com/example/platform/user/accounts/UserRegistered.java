package com.example.platform.user.accounts;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the registering transaction.
 *
 * @param userId the new user
 * @param name their display name
 * @param version the user's version as stored
 * @param occurredAt when they registered
 */
public record UserRegistered(UUID userId, String name, long version, Instant occurredAt) {

}
