package com.example.platform.order.user;

import java.util.UUID;

/**
 * Published in-process, inside the transaction that applies a {@code UserDeleted} event,
 * so features holding the user's data can erase it with the same commit.
 *
 * @param userId the deleted user
 */
public record UserDeletedLocally(UUID userId) {

}
