package com.example.platform.user.ordercount;

import java.math.BigDecimal;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

// A tolerant reader: fields order-service adds later are ignored, despite the service-wide
// fail-on-unknown-properties that guards the HTTP API.
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderPlaced(UUID orderId, UUID userId, BigDecimal total, int itemCount) {

}
