package com.example.platform.user.ordercount;

import java.math.BigDecimal;
import java.util.UUID;

record OrderPlaced(UUID orderId, UUID userId, BigDecimal total, int itemCount) {

}
