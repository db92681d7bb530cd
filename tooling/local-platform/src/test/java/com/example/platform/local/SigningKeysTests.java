package com.example.platform.local;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SigningKeysTests {

	private static final SigningKey OLD = SigningKey.generate("old");

	private static final SigningKey NEXT = SigningKey.generate("next");

	@Test
	void publishesEveryKeyByIndexAndNamesTheOneThatSigns() {
		SigningKeys keys = new SigningKeys(OLD, List.of(OLD, NEXT));

		assertThat(keys.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
				"PLATFORM_SECURITY_SIGNING_ACTIVE_KEY_ID", "old", "PLATFORM_SECURITY_SIGNING_KEYS_0_ID", "old",
				"PLATFORM_SECURITY_SIGNING_KEYS_0_PRIVATE_KEY", OLD.base64(), "PLATFORM_SECURITY_SIGNING_KEYS_1_ID",
				"next", "PLATFORM_SECURITY_SIGNING_KEYS_1_PRIVATE_KEY", NEXT.base64()));
		assertThat(keys.environment().keySet()).allMatch((name) -> name.matches(SigningKeys.VARIABLES));
	}

	@Test
	void refusesAnActiveKeyThatIsNotPublished() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SigningKeys(NEXT, List.of(OLD)))
			.withMessage("The active key must be one of the published keys");
	}

}
