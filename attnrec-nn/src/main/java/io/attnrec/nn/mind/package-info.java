/** MIND (Li et al., CIKM 2019): multi-interest network with behaviour-to-interest dynamic routing. */
package io.attnrec.nn.mind;
