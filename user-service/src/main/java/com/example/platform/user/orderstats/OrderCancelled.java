package com.example.platform.user.orderstats;

import java.util.UUID;

// Read by the inbox, tolerantly: fields order-service adds later are ignored, despite the
// service-wide fail-on-unknown-properties that guards the HTTP API.
record OrderCancelled(UUID orderId, UUID userId) {

}
