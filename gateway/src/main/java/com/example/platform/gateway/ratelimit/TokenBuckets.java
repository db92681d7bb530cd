package com.example.platform.gateway.ratelimit;

import com.example.platform.gateway.config.PlatformGatewayProperties.Limit;
import reactor.core.publisher.Mono;

/**
 * Token buckets every gateway instance shares, one per route and client.
 */
interface TokenBuckets {

	/**
	 * Takes tokens from a bucket, all of them or none.
	 * @param bucket the bucket's name (route and client key)
	 * @param limit its rate and size
	 * @param requested tokens to take at once
	 * @return what the bucket answered
	 */
	Mono<Taken> take(String bucket, Limit limit, long requested);

	/**
	 * A bucket's answer.
	 *
	 * @param allowed whether the tokens were taken
	 * @param tokensLeft tokens left in the bucket afterwards, or -1 when the bucket could
	 * not be asked and the request passes unchecked
	 */
	record Taken(boolean allowed, long tokensLeft) {

		boolean checked() {
			return this.tokensLeft >= 0;
		}

	}

}
