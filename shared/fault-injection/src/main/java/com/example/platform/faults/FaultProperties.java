package com.example.platform.faults;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Fault injection for drills and tests. Off unless {@code platform.faults.enabled} is
 * true, which the {@code faults} profile sets; never enable it where real users are.
 *
 * @param enabled whether the filter and the {@code /api/admin/faults} endpoints exist
 * @param maxLatency the longest latency that may be injected, so a typo cannot hang an
 * instance for hours
 * @param initial the faults active from startup, e.g. a deliberately slow instance
 * started with {@code PLATFORM_FAULTS_INITIAL_LATENCY=2s}; none by default
 * @param warmUp how long the instance holds its start before it reports ready, like an
 * application that warms a cache first (e.g. {@code PLATFORM_FAULTS_WARM_UP=15s}): its
 * web server already listens, but it is not ready and so not routable; none by default,
 * at most {@code maxLatency}
 */
@Validated
@ConfigurationProperties("platform.faults")
public record FaultProperties(@DefaultValue("false") boolean enabled, @NotNull @DefaultValue("30s") Duration maxLatency,
		@Valid Faults initial, @NotNull @DefaultValue("0s") Duration warmUp) {

	public FaultProperties {
		initial = (initial != null) ? initial : Faults.NONE;
	}

	@AssertTrue(message = "warm-up must be between 0s and max-latency")
	boolean isWarmUpWithinMaxLatency() {
		return this.warmUp == null || this.maxLatency == null
				|| (!this.warmUp.isNegative() && this.warmUp.compareTo(this.maxLatency) <= 0);
	}

}
