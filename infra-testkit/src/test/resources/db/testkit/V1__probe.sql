create table probe (id int primary key);
