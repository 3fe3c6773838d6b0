package io.jobsuite.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port that a test can cut and restore, to take a dependency
 * (the SQS endpoint, the database) away from the code under test without stopping it.
 * Cut: the port refuses connections and open ones are closed. Restored: the same port
 * accepts again.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	private TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		ServerSocket first = new ServerSocket();
		first.setReuseAddress(true);
		first.bind(new InetSocketAddress("127.0.0.1", 0));
		this.port = first.getLocalPort();
		accept(first);
	}

	public static TcpProxy to(String host, int port) {
		try {
			return new TcpProxy(host, port);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return port;
	}

	/** Refuses new connections and drops open ones. */
	public synchronized void cut() {
		closeQuietly(listener);
		listener = null;
		open.forEach(TcpProxy::closeQuietly);
		open.clear();
	}

	/** Accepts connections again on the same port. */
	public synchronized void restore() {
		if (listener != null) {
			return;
		}
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			accept(socket);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not listen on " + port + " again", ex);
		}
	}

	private void accept(ServerSocket socket) {
		listener = socket;
		Thread acceptor = new Thread(() -> {
			while (!socket.isClosed()) {
				try {
					Socket client = socket.accept();
					Socket upstream = new Socket(targetHost, targetPort);
					open.add(client);
					open.add(upstream);
					pump(client, upstream);
					pump(upstream, client);
				}
				catch (IOException ex) {
					// Closed by cut(); or the target refused, which the client sees as a
					// closed connection.
				}
			}
		}, "tcp-proxy-" + port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// Either side closed.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				open.remove(from);
				open.remove(to);
			}
		}, "tcp-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (IOException ex) {
				// Nothing left to do.
			}
		}
	}

	@Override
	public void close() {
		cut();
	}

}
