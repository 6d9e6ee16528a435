NAME          FIXED
ROWS
 N  COST
 L  LIM1
 G  LIM2
COLUMNS
    X ONE     COST         1.0   LIM1         1.0
    X ONE     LIM2         1.0
    Y         COST         2.0   LIM1         1.0
RHS
    RHS       LIM1         4.0   LIM2         1.0
BOUNDS
 UP BND       X ONE        4.0
 BV BND       Y
 FX BND       Y            1.0
ENDATA
