/** GRU4Rec (Hidasi et al. 2016), the recurrent baseline. */
package io.attnrec.nn.gru4rec;
