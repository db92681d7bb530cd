package com.example.platform.gateway.error;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a request that Netty's HTTP decoder could not parse (conflicting or malformed
 * framing headers, invalid characters, oversized request line or headers — what request
 * smuggling attempts look like) with {@code application/problem+json} instead of Reactor
 * Netty's empty 400, then closes the connection: after a framing error nothing more on it
 * can be trusted to start where a request starts.
 * <p>
 * Sits right after the HTTP codec, before Reactor Netty's own handler, and lets every
 * well-formed request through untouched. The detail names the kind of error, never the
 * decoder's message, which quotes the client's bytes.
 */
public final class MalformedRequestProblems extends ChannelInboundHandlerAdapter {

	/** Its name in the channel pipeline. */
	public static final String NAME = "platform.malformedRequestProblems";

	private boolean failed;

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (this.failed) {
			ReferenceCountUtil.release(message);
			return;
		}
		if (message instanceof HttpRequest request && request.decoderResult().isFailure()) {
			this.failed = true;
			ReferenceCountUtil.release(message);
			context.writeAndFlush(problem(request.decoderResult())).addListener(ChannelFutureListener.CLOSE);
			return;
		}
		context.fireChannelRead(message);
	}

	static FullHttpResponse problem(DecoderResult result) {
		Throwable cause = result.cause();
		HttpResponseStatus status;
		String detail;
		if (cause instanceof TooLongHttpLineException) {
			status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
			detail = "The request line is longer than the gateway accepts.";
		}
		else if (cause instanceof TooLongHttpHeaderException) {
			status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
			detail = "The request headers are larger than the gateway accepts.";
		}
		else {
			status = HttpResponseStatus.BAD_REQUEST;
			detail = "The request is not valid HTTP/1.1 (malformed request line, header or message framing)"
					+ " and was not forwarded; the connection is closed.";
		}
		String json = "{\"type\":\"about:blank\",\"title\":\"" + status.reasonPhrase() + "\",\"status\":"
				+ status.code() + ",\"detail\":\"" + detail + "\"}";
		ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		return response;
	}

}
