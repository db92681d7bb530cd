package com.example.platform.faults;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The faults an instance injects into matching requests: the body of
 * {@code PUT /api/admin/faults}, and what {@code GET} returns. Missing fields take their
 * defaults, so {@code {"latency":"PT2S"}} is a valid request.
 *
 * @param latency added before every matching request (ISO-8601, e.g. {@code PT0.5S});
 * default none
 * @param errorRate share of matching requests answered with an error instead, 0..1;
 * default 0
 * @param errorStatus the error's HTTP status, 400..599; default 503
 * @param pathPattern which request paths are affected (Spring path pattern); default
 * {@code /api/**}. Admin endpoints and actuator are never affected.
 */
public record Faults(Duration latency, @DecimalMin("0.0") @DecimalMax("1.0") Double errorRate,
		@Min(400) @Max(599) Integer errorStatus, String pathPattern) {

	static final Faults NONE = new Faults(null, null, null, null);

	public Faults {
		latency = (latency != null) ? latency : Duration.ZERO;
		errorRate = (errorRate != null) ? errorRate : 0.0;
		errorStatus = (errorStatus != null) ? errorStatus : 503;
		pathPattern = (pathPattern != null) ? pathPattern : "/api/**";
	}

	boolean isNone() {
		return this.latency.isZero() && this.errorRate == 0.0;
	}

}
