package com.example.platform.user.ordercount;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

// A tolerant reader: fields order-service adds later are ignored, despite the service-wide
// fail-on-unknown-properties that guards the HTTP API.
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderCancelled(UUID orderId, UUID userId) {

}
