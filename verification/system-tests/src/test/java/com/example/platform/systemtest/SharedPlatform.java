package com.example.platform.systemtest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a system-test class against the platform the whole failsafe run shares, which its
 * {@code @BeforeAll} method receives as a
 * {@link com.example.platform.local.LocalPlatform} parameter. A class may add users,
 * orders and events (each test with its own, e.g. {@code client.register(...)} gives a
 * unique email) but must leave every instance it stopped running again.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(SharedPlatforms.class)
@interface SharedPlatform {

	/**
	 * What the class does to the platform, which decides when it runs.
	 * @return the kind of tests the class holds
	 */
	Kind value();

	enum Kind {

		/**
		 * Tests that only send requests and read: nothing is stopped, killed or paused.
		 */
		STEADY,

		/**
		 * Tests that kill, restart, pause or slow down a part of the platform, rotate its
		 * key, or take Kafka or Redis away; they run after every steady test.
		 */
		DISRUPTED

	}

}
