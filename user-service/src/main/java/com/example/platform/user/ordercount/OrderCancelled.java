package com.example.platform.user.ordercount;

import java.util.UUID;

record OrderCancelled(UUID orderId, UUID userId) {

}
