/**
 * The HTTP server: routes, access control, request binding, errors.
 *
 * <p>Exports {@link AttnrecServer}, {@link LogFormat}, {@link ServerConfig}; the other 17 classes
 * are package-private.
 */
package io.attnrec.serve;
