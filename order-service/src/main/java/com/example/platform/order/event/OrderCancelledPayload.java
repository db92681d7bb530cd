package com.example.platform.order.event;

import java.util.UUID;

record OrderCancelledPayload(UUID orderId, UUID userId) {

}
