package com.example.platform.systemtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import com.example.platform.local.SigningKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The signing key changes under load at every entry point (formerly the last test of
 * {@link SecuritySystemIT}). After every class that signs or checks tokens of its own
 * (only {@link MonitoringSystemIT}, which merely logs in, comes later): every token
 * issued after it carries the new key.
 */
@SharedPlatform(SharedPlatform.Kind.DISRUPTED)
@Order(7)
class KeyRotationSystemIT {

	static LocalPlatform platform;

	static PlatformClient client;

	static ApiSession alice;

	@BeforeAll
	static void connect(LocalPlatform shared, PlatformClient checked) {
		platform = shared;
		// Every request and answer of this class is checked against docs/api/.
		client = checked;
		alice = client.register("alice");
	}

	/**
	 * Zero-downtime key rotation: a token signed with a new key is refused until
	 * user-service publishes the key; while the instances roll, one at a time, tokens
	 * signed before keep working at services that were not restarted; after the switch,
	 * new tokens carry the new key id and old ones are still accepted.
	 */
	@Test
	void rotatesTheSigningKeyWithoutRejectingAnyValidToken() throws Exception {
		SigningKey old = platform.signingKey();
		SigningKey next = SigningKey.generate("rotated-" + UUID.randomUUID().toString().substring(0, 8));
		String early = PlatformTokens.signedWith(platform, next, alice.userId(), "USER").sign();
		String issuedBefore = alice.token();
		for (EntryPoint entry : EntryPoint.values()) {
			assertThat(entry.read(alice.withToken(early), alice.userId()).status()).as("unpublished key, " + entry)
				.isEqualTo(401);
		}

		AtomicInteger calls = new AtomicInteger();
		List<String> refused = new CopyOnWriteArrayList<>();
		// Validators that are not restarted (the gateway and order-service) must keep
		// accepting tokens signed before, all the way through.
		ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
		watcher.scheduleWithFixedDelay(() -> {
			for (EntryPoint entry : List.of(EntryPoint.ORDER_SERVICE_DIRECTLY, EntryPoint.GATEWAY_TO_ORDER_SERVICE)) {
				calls.incrementAndGet();
				try {
					ApiResponse response = entry.read(alice.withToken(issuedBefore), alice.userId());
					if (response.status() != 200) {
						refused.add(entry + ": " + response);
					}
				}
				catch (RuntimeException ex) {
					refused.add(entry + ": " + ex);
				}
			}
		}, 0, 50, TimeUnit.MILLISECONDS);
		try {
			platform.useSigningKeys(old, old, next);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				for (EntryPoint entry : EntryPoint.values()) {
					assertThat(entry.read(alice.withToken(early), alice.userId()).status())
						.as("published key, " + entry)
						.isEqualTo(200);
				}
			});

			platform.useSigningKeys(next, old, next);
		}
		finally {
			watcher.shutdown();
			assertThat(watcher.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		System.out.printf("Key rotation: %d calls with a token signed before it, %d refused%n", calls.get(),
				refused.size());
		assertThat(refused).isEmpty();
		assertThat(calls.get()).isPositive();

		ApiSession newcomer = client.register("after-rotation");
		assertThat(keyIdOf(newcomer.token())).isEqualTo(next.keyId());
		for (EntryPoint entry : EntryPoint.values()) {
			assertThat(entry.read(alice.withToken(issuedBefore), alice.userId()).status()).as("old key, " + entry)
				.isEqualTo(200);
			assertThat(entry
				.read(alice.withToken(PlatformTokens.of(platform, alice.userId(), "USER").sign()), alice.userId())
				.status()).as("new key, " + entry).isEqualTo(200);
		}
	}

	private static String keyIdOf(String token) {
		String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
				StandardCharsets.UTF_8);
		Matcher kid = Pattern.compile("\"kid\"\\s*:\\s*\"([^\"]+)\"").matcher(header);
		return kid.find() ? kid.group(1) : null;
	}

}
