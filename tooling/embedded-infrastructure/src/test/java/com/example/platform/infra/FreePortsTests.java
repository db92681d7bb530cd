package com.example.platform.infra;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTests {

	@Test
	void neverHandsOutAPortTwiceBeforeItsServerBindsIt() {
		// A local platform picks about twenty ports before binding any; a repeat made two
		// of its servers race for one port.
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 500; i++) {
			int first = FreePorts.consecutive(2);
			assertThat(ports.add(first)).as("port %d handed out again", first).isTrue();
			assertThat(ports.add(first + 1)).as("port %d handed out again", first + 1).isTrue();
			int single = FreePorts.next();
			assertThat(ports.add(single)).as("port %d handed out again", single).isTrue();
		}
	}

}
