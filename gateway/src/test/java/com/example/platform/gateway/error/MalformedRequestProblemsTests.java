package com.example.platform.gateway.error;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MalformedRequestProblemsTests {

	@ParameterizedTest
	@ValueSource(strings = {
			// Two lengths: which one frames the body decides where the next request
			// starts.
			"POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\nhello",
			// A space before the colon (RFC 9112 5.1: must be rejected).
			"GET /api/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n",
			"GET /api/users HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
			"GET /api/users HTTP/1.1\r\nHo\u0000st: x\r\n\r\n" })
	void answersAMalformedRequestWithAProblemAndClosesTheConnection(String raw) {
		EmbeddedChannel channel = channel();

		channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));

		assertThat((Object) channel.readInbound()).as("nothing reaches the application").isNull();
		String response = written(channel);
		assertThat(response).startsWith("HTTP/1.1 400 Bad Request")
			.contains("content-type: application/problem+json", "connection: close")
			.contains("\"status\":400", "\"detail\":\"The request is not valid HTTP/1.1");
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void namesAnOversizedHeaderSection() {
		EmbeddedChannel channel = channel();

		channel.writeInbound(Unpooled.copiedBuffer(
				"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", StandardCharsets.ISO_8859_1));

		String response = written(channel);
		assertThat(response).startsWith("HTTP/1.1 431").contains("application/problem+json");
	}

	@Test
	void passesAWellFormedRequestThrough() {
		EmbeddedChannel channel = channel();

		channel.writeInbound(
				Unpooled.copiedBuffer("GET /api/users HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.ISO_8859_1));

		assertThat(channel.<Object>readInbound()).isInstanceOf(HttpRequest.class);
		assertThat((Object) channel.readOutbound()).isNull();
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void problemIsValidJson() {
		FullHttpResponse response = MalformedRequestProblems
			.problem(io.netty.handler.codec.DecoderResult.failure(new IllegalArgumentException("x\"y")));
		assertThat(response.content().toString(StandardCharsets.UTF_8)).startsWith("{\"type\":\"about:blank\"")
			.doesNotContain("x\"y");
	}

	private static String written(EmbeddedChannel channel) {
		StringBuilder bytes = new StringBuilder();
		for (ByteBuf buffer = channel.readOutbound(); buffer != null; buffer = channel.readOutbound()) {
			bytes.append(buffer.toString(StandardCharsets.UTF_8));
			buffer.release();
		}
		return bytes.toString();
	}

	private static EmbeddedChannel channel() {
		// The same order as Reactor Netty's pipeline: codec, then this handler, then the
		// server's own handlers (an aggregator stands in for them here).
		return new EmbeddedChannel(new HttpServerCodec(), new MalformedRequestProblems(),
				new HttpObjectAggregator(1024 * 1024));
	}

}
