NAME crlf
ROWS
 N obj
 G c
COLUMNS
 x obj 1 c 1
RHS
 RHS c 1e40
ENDATA
