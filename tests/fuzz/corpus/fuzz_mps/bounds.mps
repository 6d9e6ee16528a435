NAME b
ROWS
 N obj
 E e1
COLUMNS
 a obj 1 e1 1
 b obj -1 e1 1
 c obj 0.5
RHS
 e1 2
BOUNDS
 UI BND a 3
 LI BND a -2
 UP BND b -1
 PL BND c
 BV BND c 1
ENDATA
