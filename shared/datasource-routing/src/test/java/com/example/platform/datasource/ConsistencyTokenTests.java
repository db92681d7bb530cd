package com.example.platform.datasource;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConsistencyTokenTests {

	@Test
	void walPositionsRoundTripAndCompareAsUnsignedNumbers() {
		assertThat(Lsn.parse("16/B374D848")).hasToString("16/B374D848");
		assertThat(Lsn.parse("0/3000148").value()).isEqualTo(0x3000148L);
		assertThat(Lsn.parse("1/0")).isGreaterThan(Lsn.parse("0/FFFFFFFF"));
		assertThat(Lsn.parse("FFFFFFFF/0")).isGreaterThan(Lsn.parse("1/0"));
		assertThat(Lsn.parse("0/20").bytesAfter(Lsn.parse("0/10"))).isEqualTo(16);
		assertThat(Lsn.parse("0/10").bytesAfter(Lsn.parse("0/20"))).isZero();
	}

	@Test
	void rejectsTextThatIsNotAWalPosition() {
		for (String text : new String[] { "", "/", "12", "x/1", "1/", "123456789/0", "0/1; drop" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> Lsn.parse(text));
		}
	}

	@Test
	void choosesTheConsistencyFromTheHeaders() {
		assertThat(RequestConsistency.of(null, null, null).mode()).isEqualTo("eventual");
		assertThat(RequestConsistency.of(null, "0/10", null).mode()).isEqualTo("read-your-writes");
		assertThat(RequestConsistency.of("strong", "0/10", null).mode()).isEqualTo("strong");
		assertThat(RequestConsistency.of("eventual", "0/10", null).mode()).isEqualTo("eventual");
		assertThat(RequestConsistency.of(null, "garbage", null).mode())
			.as("a token that cannot be honoured on a replica goes to the primary")
			.isEqualTo("strong");
	}

	@Test
	void aWriteRaisesTheTokenButNeverLowersIt() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		RequestConsistency consistency = RequestConsistency.of(null, "0/20", response);
		consistency.wrote(Lsn.parse("0/10"));
		assertThat(response.getHeader("X-Consistency-Token")).isEqualTo("0/20");
		consistency.wrote(Lsn.parse("0/30"));
		assertThat(response.getHeader("X-Consistency-Token")).isEqualTo("0/30");
		assertThat(consistency.required()).isEqualTo(Lsn.parse("0/30"));
	}

	@Test
	void namesWhereAReadWentOnlyWhenAskedTo() {
		MockHttpServletResponse reported = new MockHttpServletResponse();
		RequestConsistency.of(null, "0/20", reported).reportingReads().readFrom("replica-2", "read-your-writes");
		assertThat(reported.getHeader("X-Read-From")).isEqualTo("replica-2");
		assertThat(reported.getHeader("X-Read-Consistency")).isEqualTo("read-your-writes");

		MockHttpServletResponse quiet = new MockHttpServletResponse();
		RequestConsistency.of(null, null, quiet).readFrom("primary", "eventual");
		assertThat(quiet.getHeaderNames()).doesNotContain("X-Read-From", "X-Read-Consistency");
	}

	@Test
	void theFilterReportsReadsAsTheSwitchSays() throws Exception {
		for (boolean enabled : new boolean[] { true, false }) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			new ConsistencyFilter(enabled).doFilter(new MockHttpServletRequest("GET", "/notes/1"), response,
					(request, ignored) -> RequestConsistency.current().readFrom("replica-1", "eventual"));
			assertThat(response.getHeader("X-Read-From")).as("enabled: %s", enabled)
				.isEqualTo(enabled ? "replica-1" : null);
		}
	}

}
