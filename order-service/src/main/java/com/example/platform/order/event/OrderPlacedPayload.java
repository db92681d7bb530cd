package com.example.platform.order.event;

import java.math.BigDecimal;
import java.util.UUID;

record OrderPlacedPayload(UUID orderId, UUID userId, BigDecimal total, int itemCount) {

}
