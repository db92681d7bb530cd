package com.example.platform.systemtest;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;

/**
 * Where a request enters the platform, and what it asks for: a user's own data. A request
 * that bypasses the gateway must get no more than one through it.
 */
enum EntryPoint {

	GATEWAY_TO_USER_SERVICE, GATEWAY_TO_ORDER_SERVICE, USER_SERVICE_DIRECTLY, ORDER_SERVICE_DIRECTLY;

	static final String USER_SERVICE = "user-service-1";

	static final String ORDER_SERVICE = "order-service-1";

	ApiResponse read(ApiSession caller, String userId) {
		return switch (this) {
			case GATEWAY_TO_USER_SERVICE -> caller.viaGateway().get("/api/users/" + userId);
			case GATEWAY_TO_ORDER_SERVICE -> caller.viaGateway().get("/api/orders?userId=" + userId);
			case USER_SERVICE_DIRECTLY -> caller.direct(USER_SERVICE).get("/api/users/" + userId);
			case ORDER_SERVICE_DIRECTLY -> caller.direct(ORDER_SERVICE).get("/api/orders?userId=" + userId);
		};
	}

}
