package com.example.platform.idempotency;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body the filter has already read (to hash it): the application reads
 * the same bytes again, followed by whatever was not read yet.
 */
class BufferedRequest extends HttpServletRequestWrapper {

	private final ServletInputStream body;

	private BufferedReader reader;

	BufferedRequest(HttpServletRequest request, byte[] head) throws IOException {
		super(request);
		this.body = new ReplayingInputStream(
				new SequenceInputStream(new ByteArrayInputStream(head), request.getInputStream()));
	}

	@Override
	public ServletInputStream getInputStream() {
		return this.body;
	}

	@Override
	public BufferedReader getReader() {
		if (this.reader == null) {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			this.reader = new BufferedReader(new InputStreamReader(this.body, charset));
		}
		return this.reader;
	}

	private static final class ReplayingInputStream extends ServletInputStream {

		private final InputStream delegate;

		private boolean finished;

		ReplayingInputStream(InputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int next = this.delegate.read();
			this.finished = next == -1;
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.delegate.read(buffer, offset, length);
			this.finished = count == -1;
			return count;
		}

		@Override
		public boolean isFinished() {
			return this.finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		// Non-blocking reads would need the container's stream; the platform's
		// controllers
		// read bodies synchronously.
		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("Non-blocking reads of an idempotent request are not supported");
		}

	}

}
